package org.saslfail.fail2ban.logs;

import java.util.List;
import java.util.Optional;

/** Runs a program without a shell; the seam that lets the log inspection be tested without Postfix. */
@FunctionalInterface
public interface CommandRunner {

    /** The program's standard output if it ran and exited 0; empty if it is missing, failed or timed out. */
    Optional<String> run(List<String> argv);

    /** How a program ended: its exit code and its output. */
    record Exit(int code, String output) {
    }

    /**
     * The program's exit code and output if it ran to its end (whatever the code); empty if it is
     * missing or timed out. For programs whose exit code says more than success or failure
     * (journalctl {@code --grep} exits 1 when no entry matched, as grep does).
     */
    default Optional<Exit> exit(List<String> argv) {
        return run(argv).map(out -> new Exit(0, out));
    }
}
