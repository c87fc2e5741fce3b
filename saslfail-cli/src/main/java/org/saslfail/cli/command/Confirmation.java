package org.saslfail.cli.command;

import java.io.Console;
import java.util.Locale;
import org.saslfail.cli.UsageException;
import picocli.CommandLine.Option;

/**
 * The one way commands that erase something ask first: on a terminal they ask (the default is
 * no); elsewhere they need {@code --yes}, so a script never erases by accident.
 */
final class Confirmation {
    @Option(names = {"-y", "--yes"}, description = "Do not ask. Needed where there is no terminal to ask on.")
    boolean yes;

    /** Refuses (a usage error naming what would be lost) when it would have to ask and cannot. */
    void requireAnswerable(String what) {
        if (!yes && System.console() == null) {
            throw new UsageException(what + "; there is no terminal to ask on, so confirm with --yes");
        }
    }

    /** Whether to go ahead with {@code what} (a sentence naming what will be lost). */
    boolean confirm(String what) {
        if (yes) {
            return true;
        }
        requireAnswerable(what);
        String answer = System.console().readLine("%s. Go ahead? [y/N] ", what);
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
    }
}
