package org.saslfail.fail2ban.logs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.saslfail.exec.ChildProcess;

/**
 * Runs commands as child processes (no shell) through {@link ChildProcess}: stderr is kept with
 * stdout, and a child still running at the limit is killed.
 */
final class ProcessCommandRunner implements CommandRunner {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Duration limit;
    private final int maxOutput;

    ProcessCommandRunner() {
        this(TIMEOUT, MAX_OUTPUT);
    }

    /** A runner whose children are killed after {@code limit} and whose output is kept up to {@code maxOutput} bytes. */
    ProcessCommandRunner(Duration limit, int maxOutput) {
        this.limit = limit;
        this.maxOutput = maxOutput;
    }

    @Override
    public Optional<String> run(List<String> argv) {
        try {
            ChildProcess.Result r = ChildProcess.run(argv, null, limit, maxOutput);
            return r.ok() ? Optional.of(r.output()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
