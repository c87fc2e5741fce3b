package org.saslfail.installer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.saslfail.exec.ChildProcess;

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

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int MAX_OUTPUT = 1 << 20;

    private Processes() {
    }

    static Run run(List<String> command) {
        try {
            ChildProcess.Result r = ChildProcess.run(command, null, LIMIT, MAX_OUTPUT);
            if (r.timedOut()) {
                throw new InstallFailedException(command.get(0) + " did not finish within " + LIMIT.toSeconds()
                        + " s and was stopped");
            }
            return new Run(r.code(), r.output());
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
