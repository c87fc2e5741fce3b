package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Help that reads well at 80 columns (issue 16): each description starts with a sentence that
 * stands alone (the command list shows only it), and every further element is whole sentences
 * that picocli wraps, never a line broken by hand inside a sentence.
 */
class HelpTextTest {
    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> out = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream().distinct().forEach(c -> out.addAll(all(c)));
        return out;
    }

    private static List<CommandLine> commands() {
        StringWriter sink = new StringWriter();
        return all(Main.commandLine(new PrintWriter(sink), new PrintWriter(sink)));
    }

    @Test
    void everyDescriptionStartsWithASentenceThatStandsAloneAndHasNoLineBrokenInsideASentence() {
        for (CommandLine c : commands()) {
            String name = c.getCommandSpec().qualifiedName();
            String[] d = c.getCommandSpec().usageMessage().description();
            assertTrue(d.length > 0 && d[0].endsWith(".") && d[0].length() <= 90, name + ": " + d[0]);
            for (String raw : d) {
                String element = raw.replaceAll("(%n)+$", "");
                boolean example = element.startsWith("  ");
                assertTrue(element.isEmpty() || example || element.endsWith(".") || element.endsWith(":"),
                        name + " has a description element that ends inside a sentence: " + element);
            }
        }
    }

    @Test
    void everyHelpFitsEightyColumns() {
        for (CommandLine c : commands()) {
            List<String> args = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName().split(" ")));
            args.remove(0);
            args.add("--help");
            Cli help = Cli.run(args.toArray(String[]::new));
            assertEquals(0, help.code(), help.toString());
            for (String line : help.out().split("\n")) {
                assertTrue(line.length() <= 80, String.join(" ", args) + " prints a line of " + line.length() + ": " + line);
            }
        }
    }
}
