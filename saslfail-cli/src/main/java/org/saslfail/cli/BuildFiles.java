package org.saslfail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saslfail.core.config.Keys;
import picocli.AutoComplete;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the files the Debian package carries that are derived from the code, at build time:
 * bash completion (picocli AutoComplete over the real command tree) and the commented default
 * saslfail.conf (every key, its meaning and its default), and with a second directory the
 * AsciiDoc sources of the man pages of saslfail and each command (picocli-codegen's
 * ManPageGenerator over the same tree; packaging/make-man-pages turns them into troff). Not a
 * command, and run only with picocli-codegen on the class path.
 */
public final class BuildFiles {
    private BuildFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        var cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        // sourced by bash-completion, never run: Debian wants no #! line in it
        String completion = AutoComplete.bash("saslfail", cl).replaceFirst("\\A#![^\n]*\n", "");
        Files.writeString(dir.resolve("saslfail.bash"), completion, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("saslfail.conf"), defaultConfig(), StandardCharsets.UTF_8);
        if (args.length > 1) {
            Path man = Path.of(args[1]);
            Files.createDirectories(man);
            if (ManPageGenerator.generateManPage(man.toFile(), null, new boolean[0], true, cl.getCommandSpec()) != 0) {
                throw new IllegalStateException("the man pages could not be generated into " + man);
            }
        }
    }

    static String defaultConfig() {
        StringBuilder sb = new StringBuilder("""
                # saslfail configuration: key = value, '#' starts a comment.
                # Every key is shown with its default, commented out; 'saslfail install' writes the
                # values it asks for. Durations: 30s, 15m, 48h, 8d, 2w.
                """);
        for (Keys.Key k : Keys.all().values()) {
            sb.append("\n# ").append(k.help()).append('\n')
                    .append("#").append(k.name()).append(" = ").append(k.defaultValue() == null ? "" : k.defaultValue()).append('\n');
        }
        return sb.toString();
    }
}
