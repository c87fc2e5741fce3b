package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subnet escalation with real traffic (issue 7): five test-namespace addresses of 10.77.5.0/24
 * fail SMTP AUTH against the real Postfix, fail2ban bans each, the daemon sees the fifth distinct
 * offender of the /24 within the window and bans the /24 itself in nftables; a sixth address of
 * that /24 can no longer connect; 'saslfail unban 10.77.5.0/24' lifts it.
 *
 * <p>Each namespace has a point-to-point link whose host end (10.77.6.N) lies outside the /24,
 * so the server's own addresses never fall inside the subnet (which would forbid its ban).
 */
class SubnetLiveIT {
    private static final int HOSTS = 6;
    /** 10.0.0.0/8 without 10.77.5.0/24: other tests' namespaces share the Postfix log. */
    private static final String IGNORE = "127.0.0.0/8 ::1 fd00::/8 10.0.0.0/10 10.64.0.0/13 10.72.0.0/14 10.76.0.0/16 "
            + "10.77.0.0/22 10.77.4.0/24 10.77.6.0/23 10.77.8.0/21 10.77.16.0/20 10.77.32.0/19 10.77.64.0/18 "
            + "10.77.128.0/17 10.78.0.0/15 10.80.0.0/12 10.96.0.0/11 10.128.0.0/9";
    private static LiveSetup live;

    private static String ns(int i) {
        return "sfsub" + i;
    }

    private static String host(int i) {
        return "10.77.6." + i;
    }

    private static String attacker(int i) {
        return "10.77.5." + (10 + i);
    }

    @BeforeAll
    static void start() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for namespaces and nftables");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/swaks")), "needs swaks");
        LiveEscalationIT.sh(LiveEscalationIT.testbed().resolve("mailserver.sh").toString(), "up");
        for (int i = 1; i <= HOSTS; i++) {
            addPeer(i);
        }
        live = LiveSetup.create("sub", "10m, 20m, 40m", Path.of("/var/log/postfix.log"),
                Map.of("ignore", IGNORE, "subnet_threshold", "5", "subnet_window", "24h"));
        live.startDaemon();
    }

    private static void addPeer(int i) {
        String n = ns(i);
        delPeer(i);
        for (String[] cmd : new String[][] {
            {"ip", "netns", "add", n},
            {"ip", "link", "add", "v-" + n, "type", "veth", "peer", "name", "n-" + n},
            {"ip", "link", "set", "n-" + n, "netns", n},
            {"ip", "addr", "add", host(i) + "/32", "peer", attacker(i) + "/32", "dev", "v-" + n},
            {"ip", "link", "set", "v-" + n, "up"},
            {"ip", "netns", "exec", n, "ip", "addr", "add", attacker(i) + "/32", "peer", host(i) + "/32", "dev", "n-" + n},
            {"ip", "netns", "exec", n, "ip", "link", "set", "n-" + n, "up"},
            {"ip", "netns", "exec", n, "ip", "link", "set", "lo", "up"}}) {
            assertEquals(0, LiveEscalationIT.sh(cmd), String.join(" ", cmd));
        }
    }

    private static void delPeer(int i) {
        LiveEscalationIT.sh("ip", "netns", "del", ns(i));
        LiveEscalationIT.sh("ip", "link", "del", "v-" + ns(i));
    }

    @AfterAll
    static void stop() {
        try {
            if (live != null) {
                live.close();
            }
        } finally {
            for (int i = 1; i <= HOSTS; i++) {
                delPeer(i);
            }
        }
    }

    private static boolean canConnect(int i) {
        return LiveEscalationIT.sh("ip", "netns", "exec", ns(i), "swaks", "--server", host(i), "--quit-after", "CONNECT",
                "--timeout", "3") == 0;
    }

    private static void failAuth(int i) {
        LiveEscalationIT.sh("ip", "netns", "exec", ns(i), "swaks", "--server", host(i), "--auth", "LOGIN", "--auth-user",
                "alice", "--auth-password", "wrong", "--quit-after", "AUTH", "--timeout", "5");
    }

    private static String context() {
        String log = live.log();
        return "\n--- daemon log (tail)\n" + log.substring(Math.max(0, log.length() - 4000))
                + "\n--- fail2ban log (tail)\n" + live.f2b.tail();
    }

    @Test
    void fiveOffendersOfOneSlash24BanTheSubnetSoASixthCannotConnectUntilUnbanned() {
        assertTrue(canConnect(HOSTS), "the sixth address reaches Postfix before anything happens");
        for (int i = 1; i <= 5; i++) {
            int n = i;
            failAuth(n);
            LiveSetup.waitUntil("offense of " + attacker(n), Duration.ofSeconds(20),
                    () -> live.sql("SELECT count(*) FROM offenses WHERE offender = '" + attacker(n) + "'") == 1);
        }
        LiveSetup.waitUntil("the /24 recorded as an offender", Duration.ofSeconds(10),
                () -> live.sql("SELECT count(*) FROM offenses WHERE offender = '10.77.5.0/24'") == 1);
        LiveSetup.waitUntil("the /24 banned in fail2ban", Duration.ofSeconds(10),
                () -> live.banned("saslfail-postfix").contains("10.77.5.0/24"));
        assertFalse(canConnect(HOSTS), "a sixth address of the /24 is refused" + context());

        Cli status = live.cli("status", "--json");
        assertTrue(status.out().contains("\"offender\": \"10.77.5.0/24\""), status.toString());
        Cli show = live.cli("show", attacker(HOSTS), "--json");
        assertTrue(show.out().contains("\"offender\": \"10.77.5.0/24\""), "an address shows the subnet ban covering it: " + show);

        Cli unban = live.cli("unban", "10.77.5.0/24");
        assertEquals(0, unban.code(), unban + context());
        LiveSetup.waitUntil("the /24 lifted", Duration.ofSeconds(10), () -> !live.banned("saslfail-postfix").contains("10.77.5.0/24"));
        LiveSetup.waitUntil("the sixth address connects again", Duration.ofSeconds(10), () -> canConnect(HOSTS));
    }
}
