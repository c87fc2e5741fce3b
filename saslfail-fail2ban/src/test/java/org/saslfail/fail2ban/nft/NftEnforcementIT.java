package org.saslfail.fail2ban.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.service.BanSetSync;
import org.saslfail.core.service.EscalationService;
import org.saslfail.core.testing.InMemoryOffenseStore;
import org.saslfail.fail2ban.client.DryRunJailGateway;
import org.saslfail.fail2ban.testing.Netns;

/**
 * Traffic from an attacker namespace to a server namespace whose ruleset holds saslfail's table:
 * refused once the set holds the attacker, accepted again when the ban times out in the kernel or
 * is lifted; the same for IPv6 (by the /64) and a /24 subnet; a server "rebooted" into an empty
 * namespace gets its running bans back in one load.
 */
class NftEnforcementIT {
    private static Netns ns;
    private static NftablesBanSet set;

    @BeforeAll
    static void namespaces() {
        Assumptions.assumeTrue(Netns.available(), "needs root and nft");
        ns = new Netns("nfe-srv", "nfe-atk").up();
        set = new NftablesBanSet(ns.nft(), Clock.systemUTC(), 64, List.of(25, 465, 587));
    }

    @AfterAll
    static void teardown() {
        if (ns != null) {
            ns.close();
        }
    }

    @BeforeEach
    void emptySet() {
        set.replace(BanSetPort.Elements.of(List.of()));
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "the attacker gets through before any ban");
    }

    @Test
    void anEscalatedAttackerIsRefusedUntilItsBanTimesOutInTheKernel() {
        EscalationPolicy policy = Settings.defaults().with("ignore", "127.0.0.0/8")
                .with("ladder", "2s, 3s, 4s").policy(List.of());
        InMemoryOffenseStore store = new InMemoryOffenseStore();
        BanSetGateway gateway = new BanSetGateway(new DryRunJailGateway(), set, () -> policy, Clock.systemUTC(), w -> { });
        gateway.start();
        try {
            EscalationService engine = new EscalationService(new Escalator(policy), store, store, gateway);
            Instant first = Instant.now().minusSeconds(10);
            engine.recordAll(BanEvent.ban("saslfail-postfix", Netns.ATTACKER, first));
            assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "strike 1 is fail2ban's, not the set's");
            Instant decided = Instant.now();
            engine.recordAll(BanEvent.ban("saslfail-postfix", Netns.ATTACKER, decided));
            waitFor(() -> !ns.accepted(Netns.ATTACKER, Netns.SERVER), Duration.ofSeconds(2), "refused after the escalation");
            // strike 2 is 3 s long: the kernel ends it, nobody runs nft
            gateway.close();
            waitFor(() -> ns.accepted(Netns.ATTACKER, Netns.SERVER), Duration.ofSeconds(6), "accepted once the ban timed out");
            assertTrue(Duration.between(decided, Instant.now()).compareTo(Duration.ofMillis(2900)) >= 0,
                    "the ban lasted its 3 s");
        } finally {
            gateway.close();
        }
    }

    @Test
    void aLiftedBanLetsTheAttackerInAgain() {
        set.apply(List.of(new Element(IpPrefix.parse(Netns.ATTACKER), null)), List.of());
        assertFalse(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        set.apply(List.of(), List.of(IpPrefix.parse(Netns.ATTACKER)));
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER));
    }

    @Test
    void anIpv6OffenderIsRefusedByItsSlash64() {
        assertTrue(ns.accepted(Netns.ATTACKER6, Netns.SERVER6));
        set.apply(List.of(new Element(IpPrefix.parse("fd77:140::/64"), Instant.now().plus(Duration.ofDays(8)))), List.of());
        assertFalse(ns.accepted(Netns.ATTACKER6, Netns.SERVER6));
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "IPv4 of the same host is another offender");
        set.apply(List.of(), List.of(IpPrefix.parse("fd77:140::/64")));
        assertTrue(ns.accepted(Netns.ATTACKER6, Netns.SERVER6));
    }

    @Test
    void aSlash24SubnetBanRefusesItsAddressesOnly() {
        set.apply(List.of(new Element(IpPrefix.parse("10.77.141.0/24"), Instant.now().plus(Duration.ofDays(32)))), List.of());
        assertFalse(ns.accepted(Netns.ATTACKER_OTHER_NET, Netns.SERVER));
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        assertEquals(1, set.counts().get(NftablesBanSet.Kind.NET4));
    }

    @Test
    void aRebootedServerGetsEveryRunningBanBackInOneLoad() {
        // the test networks (10.77/16, fd77::) are private: the default ignore list would keep them out of the set
        EscalationPolicy policy = Settings.defaults().with("ignore", "127.0.0.0/8 ::1").policy(List.of());
        Instant now = Instant.now();
        // the store's running bans, as it streams them
        RunningBansPort running = (at, sink) -> {
            sink.accept(IpPrefix.parse(Netns.ATTACKER), JailName.of("saslfail-strike3"), now.plus(Duration.ofDays(32)));
            sink.accept(IpPrefix.parse("fd77:140::/64"), JailName.of("saslfail-strike2"), now.plus(Duration.ofDays(8)));
        };
        BanSetSync sync = new BanSetSync(set, Clock.systemUTC(), Duration.ofHours(1));
        sync.load(policy, running);
        assertFalse(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        ns.rebootServer();
        assertTrue(ns.accepted(Netns.ATTACKER, Netns.SERVER), "an empty ruleset after the reboot");
        BanSetSync.Result r = sync.check(policy, running);
        assertNotNull(r);
        assertEquals(2, r.elements());
        assertFalse(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        assertFalse(ns.accepted(Netns.ATTACKER6, Netns.SERVER6));
        assertEquals(null, sync.check(policy, running), "nothing to do at the next check");
    }

    @Test
    void anOverlappingIntervalIsRefusedAloneAndTheRestOfItsBatchApplied() {
        set.apply(List.of(new Element(IpPrefix.parse("203.0.113.0/24"), null)), List.of());
        BanSetException refused = assertThrows(BanSetException.class, () -> set.apply(List.of(
                new Element(IpPrefix.parse("203.0.0.0/16"), null),
                new Element(IpPrefix.parse("198.51.100.0/24"), null),
                new Element(IpPrefix.parse(Netns.ATTACKER), null)), List.of()));
        assertTrue(refused.getMessage().contains("203.0.0.0/16") && !refused.getMessage().contains("198.51.100.0/24"),
                refused.getMessage());
        assertFalse(ns.accepted(Netns.ATTACKER, Netns.SERVER));
        assertEquals(2, set.counts().get(NftablesBanSet.Kind.NET4));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration within, String what) {
        Instant end = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(end), what + " within " + within);
            Netns.sleep(100);
        }
    }
}
