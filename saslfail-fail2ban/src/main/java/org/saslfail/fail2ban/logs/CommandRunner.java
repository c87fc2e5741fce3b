package org.saslfail.fail2ban.logs;

import java.util.List;
import java.util.Optional;

/** Runs a program without a shell; the seam that lets the log inspection be tested without Postfix. */
@FunctionalInterface
public interface CommandRunner {

    /** The program's standard output if it ran and exited 0; empty if it is missing, failed or timed out. */
    Optional<String> run(List<String> argv);
}
