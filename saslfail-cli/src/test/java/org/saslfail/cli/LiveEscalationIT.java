package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain with real traffic: swaks in a network namespace fails SMTP AUTH against the
 * real Postfix + Dovecot, fail2ban's saslfail-postfix jail bans it in nftables, the daemon
 * escalates it through saslfail-strike2 and saslfail-strike3 (ladder 4s, 8s, 16s).
 */
class LiveEscalationIT {
    private static final String HOST1 = "10.77.3.1";
    private static final String ATTACKER1 = "10.77.3.2";
    private static LiveSetup live;

    @BeforeAll
    static void start() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for namespaces and nftables");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/swaks")), "needs swaks");
        assumeTrue(Files.isRegularFile(testbed().resolve("mailserver.sh")), "needs testbed/mailserver.sh");
        sh(testbed().resolve("mailserver.sh").toString(), "up");
        sh(testbed().resolve("netns.sh").toString(), "add", "dmn1", HOST1 + "/30", ATTACKER1 + "/30");
        live = LiveSetup.create("esc", "4s, 8s, 16s", Path.of("/var/log/postfix.log"));
        live.startDaemon();
    }

    @AfterAll
    static void stop() {
        try {
            if (live != null) {
                live.close();
            }
        } finally {
            sh(testbed().resolve("netns.sh").toString(), "del", "dmn1");
        }
    }

    static Path testbed() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("testbed"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("testbed") : dir.resolve("testbed");
    }

    /** Runs a command, returns its exit code. */
    static int sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void failAuth(String ns, String server) {
        sh("ip", "netns", "exec", ns, "swaks", "--server", server, "--auth", "LOGIN", "--auth-user", "alice",
                "--auth-password", "wrong", "--quit-after", "AUTH", "--timeout", "5");
    }

    private static boolean canConnect(String ns, String server) {
        return sh("ip", "netns", "exec", ns, "swaks", "--server", server, "--quit-after", "CONNECT", "--timeout", "3") == 0;
    }

    private static String context() {
        String log = live.log();
        return "\n--- daemon log (tail)\n" + log.substring(Math.max(0, log.length() - 3000))
                + "\n--- fail2ban log (tail)\n" + live.f2b.tail();
    }

    private static long banSeconds(String jail, String ip) {
        for (String line : live.f2b.client("get", jail, "banip", "--with-time").split("\n")) {
            if (line.startsWith(ip + " ") || line.startsWith(ip + "\t")) {
                var m = java.util.regex.Pattern.compile("\\+ (\\d+) =").matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return -1;
    }

    @Test
    void oneFailureBansThenRepeatOffensesClimbTheLadderOneJailAtATime() {
        assertTrue(canConnect("dmn1", HOST1), "Postfix reachable from the namespace before any ban");
        failAuth("dmn1", HOST1);
        LiveSetup.waitUntil("strike-1 ban", Duration.ofSeconds(15), () -> live.banned("saslfail-postfix").contains(ATTACKER1));
        assertFalse(canConnect("dmn1", HOST1), "the next connection is refused");
        LiveSetup.waitUntil("offense 1 recorded", Duration.ofSeconds(5),
                () -> live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER1 + "'") == 1);

        LiveSetup.waitUntil("the strike-1 ban ends", Duration.ofSeconds(15), () -> !live.banned("saslfail-postfix").contains(ATTACKER1));
        // fail2ban logs the unban just before its action removes the set element
        LiveSetup.waitUntil("free again after 4 s", Duration.ofSeconds(5), () -> canConnect("dmn1", HOST1));
        failAuth("dmn1", HOST1);
        LiveSetup.waitUntil("strike 2 in saslfail-strike2 only", Duration.ofSeconds(15), () ->
                live.banned("saslfail-strike2").contains(ATTACKER1) && !live.banned("saslfail-postfix").contains(ATTACKER1));
        assertEquals(8, banSeconds("saslfail-strike2", ATTACKER1), "the strike-2 time");
        assertFalse(live.banned("saslfail-strike3").contains(ATTACKER1));
        assertFalse(canConnect("dmn1", HOST1), "still refused at strike 2");
        assertEquals(2, live.sql("SELECT max(strike) FROM offenses WHERE ip = '" + ATTACKER1 + "'"), context());

        LiveSetup.waitUntil("the strike-2 ban ends", Duration.ofSeconds(20), () -> !live.banned("saslfail-strike2").contains(ATTACKER1));
        LiveSetup.waitUntil("free again after 8 s", Duration.ofSeconds(5), () -> canConnect("dmn1", HOST1));
        failAuth("dmn1", HOST1);
        LiveSetup.waitUntil("strike 3 in saslfail-strike3 only", Duration.ofSeconds(15), () ->
                live.banned("saslfail-strike3").contains(ATTACKER1) && !live.banned("saslfail-postfix").contains(ATTACKER1)
                        && !live.banned("saslfail-strike2").contains(ATTACKER1));
        assertEquals(16, banSeconds("saslfail-strike3", ATTACKER1));
        assertEquals(3, live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER1 + "'"), context());
    }
}
