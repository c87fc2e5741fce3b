package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.fail2ban.testing.Netns;

/**
 * The daemon under {@code enforcement = nftables}, its table in a server namespace
 * ({@code nftables.command = ip netns exec nfd-srv nft}), attacked from another namespace; a
 * private fail2ban (dummy action, so nothing of it reaches any ruleset) holds the strike-1 jail and
 * lists the tier bans. One story, in order: hand bans before the daemon runs are loaded at its
 * start; an escalation is refused at once; unban lets the address in within a second; a daemon
 * killed with -9 leaves the kernel enforcing; a rebooted (fresh) namespace gets every running ban
 * back at the next start; a table deleted by hand is back within the daemon's check.
 */
class NftDaemonIT {
    private static Netns ns;
    private static LiveSetup live;

    @BeforeAll
    static void start() {
        assumeTrue(Netns.available(), "needs root and nft");
        ns = new Netns("nfd-srv", "nfd-atk").up();
        live = LiveSetup.create("nft", "4s, 8d, 32d", null, Map.of(
                "ignore", "127.0.0.0/8 ::1",
                "fail2ban.banaction", "dummy",
                "enforcement", "nftables",
                "nftables.command", String.join(" ", ns.nft())));
    }

    @AfterAll
    static void stop() {
        try {
            if (live != null) {
                live.close();
            }
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    private static boolean refused(String source, String destination) {
        return !ns.accepted(source, destination);
    }

    @Test
    void theTableEnforcesSaslfailsBansThroughStartEscalationUnbanKillAndReboot() {
        // hand bans while no daemon runs: recorded, and loaded when it starts
        Cli subnet = live.cli("ban", "10.77.141.0/24", "--strike", "2");
        assertEquals(0, subnet.code(), subnet.toString());
        assertTrue(subnet.out().contains("not loaded yet"), subnet.out());
        assertEquals(0, live.cli("ban", Netns.ATTACKER6, "--strike", "3").code());
        assertTrue(ns.accepted(Netns.ATTACKER_OTHER_NET, Netns.SERVER), "no table before the daemon starts");
        live.startDaemon();
        assertTrue(live.log().contains("nftables: loaded 2 running bans"), live.log());
        assertTrue(refused(Netns.ATTACKER_OTHER_NET, Netns.SERVER), "the /24 is refused after the start");
        assertTrue(refused(Netns.ATTACKER6, Netns.SERVER6), "the /64 is refused after the start");
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        assertTrue(live.banned("saslfail-strike3").contains("fd77:140::/64"), "fail2ban still lists the tier ban");

        // an escalation: strike 1 (4 s, fail2ban's), served; the next ban is strike 2, in the table at once
        live.inject("saslfail-postfix", List.of(Netns.ATTACKER), 1);
        LiveSetup.waitUntil("strike 1 recorded", Duration.ofSeconds(10),
                () -> live.sql("SELECT count(*) FROM offenses WHERE strike = 1") == 1);
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "strike 1 stays fail2ban's (dummy action here)");
        LiveSetup.waitUntil("strike 1 served", Duration.ofSeconds(15),
                () -> !live.banned("saslfail-postfix").contains(Netns.ATTACKER));
        live.inject("saslfail-postfix", List.of(Netns.ATTACKER), 1);
        LiveSetup.waitUntil("refused after the escalation", Duration.ofSeconds(5), () -> refused(Netns.ATTACKER, Netns.SERVER));
        assertTrue(live.banned("saslfail-strike2").contains(Netns.ATTACKER), "listed in the tier jail");

        // unban: in at once (well within a second of the command)
        long t0 = System.nanoTime();
        Cli unban = live.cli("unban", Netns.ATTACKER);
        assertEquals(0, unban.code(), unban.toString());
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "unban and the next connection within 3 s (JVM-in-process command)");

        // status and doctor tell the backend, the counts and the drift
        String status = live.cli("status").out();
        assertTrue(status.contains("Enforcement: nftables, table inet saslfail"), status);
        String doctor = live.cli("doctor").out();
        assertTrue(doctor.contains("ok enforcement: nftables: table inet saslfail holds 2 (addr4 0, net4 1, addr6 1, net6 0); drift 0"),
                doctor);

        // kill -9: the kernel keeps enforcing
        assertEquals(0, live.cli("ban", Netns.ATTACKER, "--strike", "3").code());
        assertTrue(refused(Netns.ATTACKER, Netns.SERVER));
        live.killDaemon();
        assertTrue(refused(Netns.ATTACKER, Netns.SERVER), "still refused with the daemon dead");

        // reboot: an empty ruleset; the next start loads every running ban in one go
        ns.rebootServer();
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "an empty ruleset after the reboot");
        live.startDaemon();
        assertTrue(live.log().contains("nftables: loaded 3 running bans"), live.log());
        assertTrue(refused(Netns.ATTACKER, Netns.SERVER));
        assertTrue(refused(Netns.ATTACKER_OTHER_NET, Netns.SERVER));
        assertTrue(refused(Netns.ATTACKER6, Netns.SERVER6));

        // someone deletes the table: back within the daemon's generation check
        ns.inServer("nft", "delete", "table", "inet", "saslfail");
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        LiveSetup.waitUntil("the table is back", Duration.ofSeconds(20), () -> refused(Netns.ATTACKER, Netns.SERVER));
        assertTrue(live.log().contains("nftables: reloaded (set was gone): 3 elements"), live.log());
        assertFalse(live.log().contains("ERROR"), live.log());
    }
}
