package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saslfail.cli.Programs.Run;
import picocli.CommandLine;

/**
 * The .deb as Debian wants it (issue 16), checked on the file that mvn package built, without
 * installing it: lintian finds no error and only the warnings the README explains; a man page for
 * saslfail and each command of the picocli model; bash completion that completes commands and
 * options.
 */
class DebCitizenIT {
    /** lintian warnings kept on purpose; README.md ("Debian package") says why. */
    private static final Set<String> EXPLAINED = Set.of("non-standard-dir-perm", "non-standard-file-perm");




    @Test
    void lintianFindsNoErrorAndOnlyTheWarningsTheReadmeExplains() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lintian")), "needs lintian (testbed/install-packages.sh)");
        Run lintian = Programs.run("lintian", "--tag-display-limit", "0", Programs.deb().toString());
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String line : lintian.out().split("\n")) {
            assertTrue(!line.startsWith("E:"), "lintian error: " + line + "\n" + lintian.out());
            if (line.startsWith("W:")) {
                String tag = line.split("\\s+")[2];
                assertTrue(EXPLAINED.contains(tag) && readme.contains(tag), "unexplained lintian warning: " + line);
            }
        }
    }

    @Test
    void thePackageCarriesAManPageForSaslfailAndEveryCommand() throws Exception {
        String contents = Programs.run("dpkg-deb", "-c", Programs.deb().toString()).out();
        StringWriter sink = new StringWriter();
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(new PrintWriter(sink), new PrintWriter(sink)), all);
        for (CommandLine c : all) {
            String page = "./usr/share/man/man1/" + c.getCommandSpec().qualifiedName("-") + ".1.gz";
            assertTrue(contents.contains(page), "missing " + page);
        }
        Path man = Path.of("target", "man", "saslfail-install.1.gz");
        Run rendered = Programs.run("sh", "-c", "MANWIDTH=80 man -l " + man + " | cat");
        assertEquals(0, rendered.code(), rendered.out());
        assertTrue(rendered.out().contains("saslfail-install - Install saslfail into fail2ban."), rendered.out());
        assertTrue(rendered.out().contains("--fix-journal-jails"), rendered.out());
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, all));
    }

    @Test
    void bashCompletionCompletesCommandsAndTheirOptions() throws Exception {
        Path completion = Path.of("target", "deb-files", "saslfail.bash");
        assertTrue(!Files.readString(completion).startsWith("#!"), "sourced, not run: no #! line");
        String script = "source " + completion + " 2>/dev/null\n"
                + "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};"
                + " _complete_saslfail 2>/dev/null; echo \"${COMPREPLY[*]}\"; }\n"
                + "complete_words saslfail ins\ncomplete_words saslfail install --fix\ncomplete_words saslfail report by\n";
        Run r = Programs.run("bash", "-c", script);
        String[] lines = r.out().split("\n");
        assertEquals("install", lines[0].strip(), r.out());
        assertEquals("--fix-journal-jails", lines[1].strip(), r.out());
        assertTrue(lines[2].contains("by-ip") && lines[2].contains("by-date"), r.out());
    }
}
