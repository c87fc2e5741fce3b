package org.saslfail.fail2ban.replay;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.fuzz.Fuzz;

/**
 * fail2ban's log, which carries attacker-influenced text, fed seeded random mutations of real
 * lines: every line is an event or a skip with its reason, never an exception, in bounded time.
 */
class Fail2banLogParserFuzzTest {
    private static final long SEED = 20261130L;

    @Test
    void everyLineIsAnEventOrASkip() {
        List<String> samples = List.of(
                "2026-03-01 00:51:30,473 fail2ban.actions         [812]: NOTICE  [saslfail-postfix] Ban 203.0.113.150",
                "2026-03-01 00:51:30,473 fail2ban.actions         [812]: NOTICE  [saslfail-dovecot] Restore Ban 2001:db8::7",
                "2026-03-01 00:51:30,473 fail2ban.actions         [812]: NOTICE  [postfix-sasl] Unban 192.0.2.40",
                "2026-03-01 00:51:30,473 fail2ban.filter          [812]: INFO    [saslfail-postfix] Found 203.0.113.9 - 2026-03-01 00:51:30");
        Fail2banLogParser parser = new Fail2banLogParser(ZoneId.of("Europe/Berlin"));
        Fuzz fuzz = new Fuzz(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 10_000; i++) {
                String line = fuzz.next(samples.get(i % samples.size()), 6000);
                try {
                    assertNotNull(parser.parse(line));
                } catch (Throwable t) {
                    fail("seed " + SEED + ", run " + i + ", line " + line.codePoints().limit(200).boxed().toList() + ": " + t, t);
                }
            }
        });
    }
}
