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
}
