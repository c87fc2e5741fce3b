package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.fail2ban.testing.Netns;

/**
 * Switching {@code enforcement} between fail2ban and nftables and back, the way the README says
 * (set it, {@code saslfail fail2ban write-config}, restart fail2ban's jails, restart the daemon), leaves no
 * ban enforced twice and none missing. fail2ban runs on the host with its nftables action in a
 * table of this test's own; saslfail's table lives in a server namespace. After each switch the
 * test reads both: what fail2ban's tier jails enforce (their sets in fail2ban's table), what
 * saslfail's table holds, and what the tier jails list.
 */
class EnforcementSwitchIT {
    private static final String HOST_B = "10.77.142.9";
    private static final String SUBNET = "10.77.141.0/24";
    private static final String V6 = "fd77:140::/64";
    private static final Pattern SET = Pattern.compile("set (\\S+) \\{(.*?)\\n\\s*\\}", Pattern.DOTALL);
    private static final Pattern ELEMENTS = Pattern.compile("elements = \\{(.*?)\\}", Pattern.DOTALL);

    private static Netns ns;
    private static LiveSetup live;

    @BeforeAll
    static void start() {
        assumeTrue(Netns.available(), "needs root and nft");
        ns = new Netns("nfs-srv", "nfs-atk").up();
        live = LiveSetup.create("nfs", "48h, 8d, 32d", null, Map.of(
                "ignore", "127.0.0.0/8 ::1",
                "enforcement", "fail2ban",
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

    @Test
    void switchingEnforcementBackAndForthLeavesNoBanTwiceAndNoneMissing() {
        Set<String> bans = new TreeSet<>(Set.of(Netns.ATTACKER, SUBNET, V6));
        // fail2ban enforces: the tier jails' own action holds every ban, saslfail has no table
        assertEquals(0, live.cli("ban", Netns.ATTACKER, "--strike", "2").code());
        assertEquals(0, live.cli("ban", SUBNET, "--strike", "2").code());
        assertEquals(0, live.cli("ban", Netns.ATTACKER6, "--strike", "3").code());
        live.startDaemon();
        assertEquals(bans, fail2banEnforces());
        assertEquals(Map.of(), saslfailTable());
        assertEquals(bans, tierJailsList());

        // to nftables: fail2ban's tier jails only list (their action's bans are flushed), the table enforces
        switchTo("nftables");
        restartFail2ban();
        restartDaemon();
        assertEquals(bans, saslfailHolds());
        assertEquals(Set.of(), fail2banEnforces());
        assertEquals(bans, tierJailsList());
        assertFalse(ns.accepted(Netns.ATTACKER, Netns.SERVER), "the table drops the strike-2 address");

        // a ban while nftables enforces
        assertEquals(0, live.cli("ban", HOST_B, "--strike", "2").code());
        bans.add(HOST_B);
        assertEquals(bans, saslfailHolds());
        assertEquals(Set.of(), fail2banEnforces());

        // back to fail2ban, the daemon restarted before fail2ban reloads: the table keeps enforcing meanwhile
        switchTo("fail2ban");
        restartDaemon();
        assertTrue(live.log().contains("keeps enforcing until they do"), live.log());
        assertEquals(bans, saslfailHolds());
        restartFail2ban();
        LiveSetup.waitUntil("the table handed back to fail2ban and removed", Duration.ofSeconds(40),
                () -> saslfailTable().isEmpty());
        assertEquals(bans, fail2banEnforces());
        assertEquals(bans, tierJailsList());
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "no table of saslfail's any more (fail2ban's is on the host)");

        // and to nftables once more
        switchTo("nftables");
        restartFail2ban();
        restartDaemon();
        assertEquals(bans, saslfailHolds());
        assertEquals(Set.of(), fail2banEnforces());
        assertEquals(bans, tierJailsList());
        assertFalse(live.log().contains("ERROR"), live.log());

    }

    /** Sets {@code enforcement} and writes fail2ban's jails for it, as the README says. */
    private static void switchTo(String backend) {
        try {
            String text = Files.readString(live.conf).replaceAll("(?m)^enforcement = .*$", "enforcement = " + backend);
            Files.writeString(live.conf, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cli r = live.cli("fail2ban", "write-config");
        assertEquals(0, r.code(), r.toString());
    }

    /** fail2ban 1.0's plain reload drops a jail's old action and its new one alike; restarting the jails swaps them. */
    private static void restartFail2ban() {
        live.f2b.client("reload", "--restart");
    }

    private static void restartDaemon() {
        live.stopDaemon();
        live.startDaemon();
    }

    /** What fail2ban's tier jails enforce: the elements of their sets in fail2ban's table. */
    private static Set<String> fail2banEnforces() {
        String listing;
        try {
            listing = Netns.run("nft", "list", "table", "inet", live.table);
        } catch (IllegalStateException e) {
            return Set.of(); // no table: fail2ban enforces nothing
        }
        Set<String> held = new TreeSet<>();
        sets(listing).forEach((name, elements) -> {
            if (name.contains("saslfail-strike")) {
                held.addAll(elements);
            }
        });
        return held;
    }

    /** saslfail's table in the server namespace, set by set; empty when there is none. */
    private static Map<String, Set<String>> saslfailTable() {
        try {
            Map<String, Set<String>> sets = sets(ns.inServer("nft", "list", "table", "inet", "saslfail"));
            sets.remove("generation");
            return sets;
        } catch (IllegalStateException e) {
            return Map.of();
        }
    }

    private static Set<String> saslfailHolds() {
        Set<String> held = new TreeSet<>();
        saslfailTable().values().forEach(held::addAll);
        return held;
    }

    private static Set<String> tierJailsList() {
        Set<String> listed = new TreeSet<>(live.banned("saslfail-strike2"));
        listed.addAll(live.banned("saslfail-strike3"));
        return listed;
    }

    /** The elements of every set in an {@code nft list table} listing, without their timeouts. */
    static Map<String, Set<String>> sets(String listing) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        Matcher set = SET.matcher(listing);
        while (set.find()) {
            Set<String> elements = new TreeSet<>();
            Matcher e = ELEMENTS.matcher(set.group(2));
            if (e.find()) {
                for (String item : e.group(1).split(",")) {
                    String target = item.strip().split("\\s+")[0];
                    if (!target.isEmpty()) {
                        elements.add(target);
                    }
                }
            }
            sets.put(set.group(1), elements);
        }
        return sets;
    }
}
