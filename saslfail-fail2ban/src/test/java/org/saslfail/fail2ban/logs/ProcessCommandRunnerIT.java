package org.saslfail.fail2ban.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.LogSource;

/** The real command runner and the inspection of this machine. */
class ProcessCommandRunnerIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void returnsStandardOutputOfASuccessfulCommand() {
        assertEquals(Optional.of("a b\n"), runner.run(List.of("printf", "%s %s\\n", "a", "b")));
    }

    @Test
    void argumentsReachTheProgramUninterpreted() {
        assertEquals(Optional.of("$(id) ; `id`"), runner.run(List.of("printf", "%s", "$(id) ; `id`")));
    }

    @Test
    void failingOrMissingCommandsAreEmpty() {
        assertEquals(Optional.empty(), runner.run(List.of("false")));
        assertEquals(Optional.empty(), runner.run(List.of("/nonexistent/saslfail-no-such-program")));
    }

    @Test
    void thisMachinesPostfixLogIsItsMaillogFile() {
        Optional<String> configured = runner.run(List.of("postconf", "-h", "maillog_file")).map(String::strip);
        Assumptions.assumeTrue(configured.isPresent(), "postconf (package postfix) is not installed");
        Assumptions.assumeTrue(configured.get().startsWith("/var/log/"), "Postfix maillog_file is not set (run testbed/mailserver.sh up)");

        LogSource source = LogLocator.forThisMachine().locate(Service.POSTFIX).orElseThrow();

        assertEquals(LogSource.file(Path.of(configured.get())), source);
        assertTrue(Files.exists(source.file().orElseThrow()), "Postfix log missing: " + source);
    }
}
