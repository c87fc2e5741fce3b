package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cascade rule with real traffic: a burst of failed AUTHs from one address is one offense.
 * A ladder of minutes here, so that the burst (slow on a loaded machine) ends inside its ban.
 */
class BurstIT {
    private static final String HOST2 = "10.77.3.5";
    private static final String ATTACKER2 = "10.77.3.6";
    private static LiveSetup live;

    @BeforeAll
    static void start() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for namespaces and nftables");
        assumeTrue(Files.isRegularFile(LiveEscalationIT.testbed().resolve("mailserver.sh")), "needs testbed/mailserver.sh");
        LiveEscalationIT.sh(LiveEscalationIT.testbed().resolve("mailserver.sh").toString(), "up");
        LiveEscalationIT.sh(LiveEscalationIT.testbed().resolve("netns.sh").toString(), "add", "dmn2", HOST2 + "/30",
                ATTACKER2 + "/30");
        live = LiveSetup.create("bst", "60s, 120s", Path.of("/var/log/postfix.log"));
        live.startDaemon();
    }

    @AfterAll
    static void stop() {
        try {
            if (live != null) {
                live.close();
            }
        } finally {
            LiveEscalationIT.sh(LiveEscalationIT.testbed().resolve("netns.sh").toString(), "del", "dmn2");
        }
    }

    private static int sh(String... cmd) {
        return LiveEscalationIT.sh(cmd);
    }

    private static String context() {
        String log = live.log();
        return "\n--- daemon log (tail)\n" + log.substring(Math.max(0, log.length() - 3000))
                + "\n--- fail2ban log (tail)\n" + live.f2b.tail();
    }

    @Test
    void fiftyFailuresWithinTwoSecondsAreOneOffense() throws IOException {
        long mark = Files.size(Path.of("/var/log/postfix.log"));
        long t0 = System.nanoTime();
        // 50 connections at once, one AUTH PLAIN alice/wrong each (swaks, a perl process per
        // attempt, is too slow on a loaded machine to fit 50 into 2 s)
        int code = sh("ip", "netns", "exec", "dmn2", "bash", "-c", String.join("\n",
                "for c in $(seq 50); do (",
                "  exec 3<>/dev/tcp/" + HOST2 + "/25 || exit 0",
                "  read -t 2 -u 3 line",
                "  printf 'EHLO burst\\r\\n' >&3",
                "  while read -t 2 -u 3 line; do [[ $line == '250 '* ]] && break; done",
                "  printf 'AUTH PLAIN AGFsaWNlAHdyb25n\\r\\n' >&3; read -t 2 -u 3 line",
                "  printf 'QUIT\\r\\n' >&3",
                ") 2>/dev/null & done; wait"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNotEquals(-1, code);
        LiveSetup.waitUntil("the burst is banned and recorded", Duration.ofSeconds(15),
                () -> live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER2 + "'") >= 1);
        try {
            Thread.sleep(3000); // late failures or a second ban would show up by now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String added;
        try (var in = Files.newInputStream(Path.of("/var/log/postfix.log"))) {
            in.skipNBytes(mark);
            added = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long failures = added.lines().filter(l -> l.contains("[" + ATTACKER2 + "]: SASL PLAIN authentication failed")).count();
        System.out.println("burst: 50 attempts in " + ms + " ms, " + failures + " failed AUTHs logged before the ban");
        assertTrue(failures >= 2, "a burst, not one failure: " + added);
        assertTrue(failures >= 10, "a burst of failed AUTHs reached the log: " + failures);
        assertEquals(1, live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER2 + "'"), "one offense" + context());
        assertEquals(1, live.sql("SELECT max(strike) FROM offenses WHERE ip = '" + ATTACKER2 + "'"));
        assertFalse(live.banned("saslfail-strike2").contains(ATTACKER2));
    }
}
