package org.saslfail.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program with fixed arguments (never through a shell) and captures its output. */
final class Processes {
    record Run(int code, String output) {
        String lastLine() {
            String t = output.strip();
            return t.isEmpty() ? "no output" : t.substring(t.lastIndexOf('\n') + 1);
        }

        /** The first line fail2ban marks as an error (with the line after it, which names the place), else the last line. */
        String firstError() {
            String[] lines = output.split("\n");
            for (int i = 0; i < lines.length; i++) {
                int at = lines[i].indexOf("ERROR");
                if (at >= 0) {
                    String next = i + 1 < lines.length && lines[i + 1].startsWith("\t") ? " " + lines[i + 1].strip() : "";
                    return lines[i].substring(at + 5).strip() + next;
                }
            }
            return lastLine();
        }
    }

    private Processes() {
    }

    static Run run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new InstallFailedException(command.get(0) + " did not finish within 120 s");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallFailedException("interrupted while running " + command.get(0));
        }
    }

    /** Runs and throws {@link InstallFailedException} naming the command on a non-zero exit. */
    static String check(List<String> command) {
        return Commands.SYSTEM.check(command);
    }
}
