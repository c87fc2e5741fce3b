package org.saslfail.cli.output;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The NODE column of every listing of bans ({@code status}, {@code show}, {@code report by-date
 * --date}): the {@code fleet.node} that decided each ban. A fleet's store has it; a single server's
 * bans name no node, and then the column is left out. The JSON outputs always carry {@code node}.
 */
public final class NodeColumn {
    private final boolean shown;

    private NodeColumn(boolean shown) {
        this.shown = shown;
    }

    /** Shown when any of the listed bans names its node. */
    public static NodeColumn of(Stream<String> nodes) {
        return new NodeColumn(nodes.anyMatch(Objects::nonNull));
    }

    /** A table with these columns, and NODE last when shown. */
    public Table table(String... header) {
        return new Table(shown ? append(header, "NODE") : header);
    }

    /** One row of such a table: the cells, and the node last when shown ("-": decided before the fleet). */
    public Object[] row(String node, Object... cells) {
        return shown ? append(cells, node) : cells;
    }

    private static <T> T[] append(T[] array, T last) {
        T[] longer = Arrays.copyOf(array, array.length + 1);
        longer[array.length] = last;
        return longer;
    }
}
