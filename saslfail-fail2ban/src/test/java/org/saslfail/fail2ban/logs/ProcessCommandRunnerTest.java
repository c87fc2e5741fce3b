package org.saslfail.fail2ban.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A program that prints and then hangs (a stuck postconf, say) is killed at the runner's limit. */
class ProcessCommandRunnerTest {
    @Test
    void aChildThatPrintsThenHangsIsKilledAtTheLimit() {
        Duration bound = ProcessCommandRunner.TIMEOUT.plusSeconds(10);
        Optional<String> out = assertTimeoutPreemptively(bound,
                () -> new ProcessCommandRunner().run(List.of("sh", "-c", "echo partial; exec sleep 120")));
        assertEquals(Optional.empty(), out);
    }

    @Test
    void aChildThatEndsGivesItsOutput() {
        assertEquals(Optional.of("hello\n"), new ProcessCommandRunner().run(List.of("echo", "hello")));
        assertEquals(Optional.empty(), new ProcessCommandRunner().run(List.of("no-such-program-here")));
    }

    @Test
    void anExitGivesTheCodeAndTheOutputOfAProgramThatRanToItsEnd() {
        ProcessCommandRunner runner = new ProcessCommandRunner();
        assertEquals(Optional.of(new CommandRunner.Exit(1, "")), runner.exit(List.of("grep", "-q", "x", "/dev/null")));
        assertEquals(Optional.of(new CommandRunner.Exit(0, "found\n")), runner.exit(List.of("echo", "found")));
        assertEquals(Optional.empty(), runner.exit(List.of("no-such-program-here")));
    }
}
