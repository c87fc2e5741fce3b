package org.saslfail.fail2ban.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines built to make a backtracking regex engine take quadratic or exponential time. fail2ban-regex must
 * finish each one in about its start-up time; the bound is generous (it catches catastrophic backtracking,
 * not a slow machine) and the real figures are in bench/filters/RESULTS.md.
 */
class HostileInputIT {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int KIB_64 = 64 * 1024;
    private static final String LONG_USER = "u".repeat(10_000);
    private static final String PF = "Nov 28 16:20:00 mail postfix/smtpd[4000]: ";
    private static final String DC = "Nov 28 16:20:00 mail dovecot: ";

    @TempDir
    Path tmp;

    static Stream<Arguments> hostileLines() {
        return Stream.of(
                // name, line, address the postfix filter must take, address the dovecot filter must take
                Arguments.of("64 KiB of 'a: ' after the postfix prefix", PF + fill("a: "), null, null),
                Arguments.of("64 KiB of 'a: ' after a dovecot Disconnected", DC + "imap-login: Disconnected: " + fill("a: "), null, null),
                Arguments.of("64 KiB of 'a: ' alone", fill("a: "), null, null),
                Arguments.of("64 KiB of '[' in a client name", PF + "warning: unknown" + fill("["), null, null),
                Arguments.of("64 KiB of '[' after imap-login", DC + "imap-login: " + fill("["), null, null),
                Arguments.of("64 KiB of '[' alone", fill("["), null, null),
                Arguments.of("10,000-character SASL username", PF + "warning: unknown[192.0.2.200]: SASL LOGIN authentication failed: "
                        + "(reason unavailable), sasl_username=" + LONG_USER, "192.0.2.200", null),
                Arguments.of("10,000-character Dovecot login username", DC + "imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<"
                        + LONG_USER + ">, method=PLAIN, rip=192.0.2.201, lip=192.0.2.1", null, "192.0.2.201"),
                Arguments.of("10,000-character Dovecot auth username", DC + "auth: passwd-file(" + LONG_USER + ",192.0.2.202): unknown user",
                        null, "192.0.2.202"),
                Arguments.of("64 KiB of ',192.0.2.9' in a (user,IP) prefix", DC + "auth: passwd-file(" + fill(",192.0.2.9"), null, null),
                Arguments.of("64 KiB of '(auth failed, 1 attempts' markers", DC + "imap-login: Disconnected " + fill("(auth failed, 1 attempts"), null, null),
                Arguments.of("64 KiB of '>, rip=1' in a username", DC + "imap-login: Disconnected (auth failed, 1 attempts): user=<"
                        + fill(">, rip=1"), null, null),
                Arguments.of("64 KiB of ')<a>: ' after an auth failure", DC + "auth: passwd-file(x,192.0.2.203): unknown user" + fill(")<a>: "), null, null),
                Arguments.of("64 KiB of ' rhost=' in a PAM remote user", "Nov 28 16:20:00 mail auth: pam_unix(dovecot:auth): authentication failure; "
                        + "logname= uid=0 euid=0 tty=dovecot ruser=" + fill("rhost=192.0.2.9 "), null, null),
                Arguments.of("64 KiB of 'SASL LOGIN authentication failed:' after the prefix", PF + "warning: unknown[192.0.2.204]: "
                        + fill("SASL LOGIN authentication failed: "), "192.0.2.204", null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"saslfail-postfix", "saslfail-dovecot"})
    void filterFinishesAllHostileLinesQuicklyAndTakesOnlyTheRealClient(String filter) throws Exception {
        List<Arguments> cases = hostileLines().toList();
        List<String> lines = cases.stream().map(c -> (String) c.get()[1]).toList();

        // one process for all lines (fail2ban-regex starts slowly); the bound holds for the whole batch
        Fail2banRegex.Run run = Fail2banRegex.run(filter, lines, tmp);

        System.out.printf("hostile input: %d lines, %d KiB, %s: %d ms%n", lines.size(),
                lines.stream().mapToInt(String::length).sum() / 1024, filter, run.elapsed().toMillis());
        assertTrue(run.elapsed().compareTo(BOUND) < 0, filter + " took " + run.elapsed().toMillis() + " ms");
        for (int i = 0; i < cases.size(); i++) {
            Object[] c = cases.get(i).get();
            assertEquals(filter.endsWith("postfix") ? c[2] : c[3], run.host(i), filter + " on: " + c[0]);
        }
    }

    private static String fill(String unit) {
        return unit.repeat(KIB_64 / unit.length() + 1).substring(0, KIB_64);
    }
}
