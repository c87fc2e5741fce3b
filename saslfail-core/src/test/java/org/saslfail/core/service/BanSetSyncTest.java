package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.testing.InMemoryBanSet;

/** Loading, the cheap check and the full diff of saslfail's ban set, over the in-memory set. */
class BanSetSyncTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final EscalationPolicy POLICY = EscalationPolicy.defaults();
    private final MutableClock clock = new MutableClock();
    private final InMemoryBanSet set = new InMemoryBanSet(clock);
    private final BanSetSync sync = new BanSetSync(set, clock, Duration.ofHours(1));

    private static ActiveBan ban(String offender, String jail, Instant expires) {
        return new ActiveBan(IpPrefix.parse(offender), 2, JailName.of(jail), Service.POSTFIX, T0, expires, 2);
    }

    /** The store's running bans, as the store streams them. */
    private static RunningBansPort port(List<ActiveBan> bans) {
        return (at, sink) -> bans.forEach(b -> sink.accept(b.offender(), b.jail(), b.expiresAt()));
    }

    private final List<ActiveBan> bans = List.of(
            ban("198.51.100.1", "saslfail-strike2", T0.plus(Duration.ofDays(8))),
            ban("198.51.100.2", "saslfail-permanent", null),
            ban("198.51.100.0/24", "saslfail-postfix", T0.plus(Duration.ofHours(48))),
            ban("2001:db8:1::/64", "saslfail-strike3", T0.plus(Duration.ofDays(32))),
            ban("198.51.100.3", "saslfail-postfix", T0.plus(Duration.ofHours(48))),
            ban("2001:db8:2::/64", "saslfail-postfix", T0.plus(Duration.ofHours(48))));
    private final RunningBansPort running = port(bans);

    @Test
    void loadHoldsTierPermanentAndSubnetBansButNotFail2bansStrikeOneBans() {
        assertEquals(4, sync.load(POLICY, running).elements());
        assertEquals(List.of("198.51.100.0/24", "198.51.100.1", "198.51.100.2", "2001:db8:1::/64"),
                set.elements().stream().map(e -> e.target().toString()).sorted().toList());
    }

    @Test
    void noElementEverCoversAnIgnoredOrOwnAddressWhateverTheStoreHolds() {
        // a subnet or /64 recorded before its address joined the ignore list (or the machine got it)
        EscalationPolicy own = POLICY.withIgnore(List.of(IpPrefix.parse("198.51.100.77"), IpPrefix.parse("2001:db8:1::1")));
        assertEquals(2, sync.load(own, running).elements());
        assertEquals(List.of("198.51.100.1", "198.51.100.2"),
                set.elements().stream().map(e -> e.target().toString()).sorted().toList());
    }

    @Test
    void theCheapCheckReadsNoElementsWhileTheGenerationHoldsAndNoVerificationIsDue() {
        sync.load(POLICY, running);
        AtomicInteger reads = new AtomicInteger();
        assertNull(sync.check(POLICY, (at, sink) -> reads.incrementAndGet()));
        assertEquals(0, reads.get());
    }

    @Test
    void aLostSetIsLoadedAgainWholeAtTheNextCheck() {
        sync.load(POLICY, running);
        set.lose();
        BanSetSync.Result r = sync.check(POLICY, running);
        assertEquals(4, r.elements());
        assertEquals(4, set.elements().size());
        assertTrue(r.how().startsWith("reloaded"), r.how());
    }

    @Test
    void verificationMendsAMissingElementAnExtraOneAndAWrongExpiry() {
        sync.load(POLICY, running);
        set.apply(List.of(new Element(IpPrefix.parse("203.0.113.9"), null),
                new Element(IpPrefix.parse("198.51.100.1"), T0.plus(Duration.ofDays(2)))),
                List.of(IpPrefix.parse("198.51.100.2")));
        clock.advance(Duration.ofHours(1));
        BanSetSync.Result r = sync.check(POLICY, running);
        assertEquals(1, r.missing());
        assertEquals(1, r.extra());
        assertEquals(1, r.wrongExpiry());
        assertEquals(4, r.elements());
        BanSetSync.Result again = sync.verify(POLICY, running);
        assertEquals(0, again.drift());
    }

    @Test
    void manyBansFromEveryFamilyAreLoadedOnceEachThroughThePrimitiveTable() {
        List<ActiveBan> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(ban("100.64." + (i / 256) + "." + (i % 256), "saslfail-strike2", T0.plus(Duration.ofDays(8))));
            many.add(ban(String.format("2001:db8:%x::/64", i), "saslfail-strike3", T0.plus(Duration.ofDays(32))));
        }
        many.add(ban("100.64.0.1", "saslfail-permanent", null));
        assertEquals(10_000, sync.load(POLICY, port(many)).elements());
        assertEquals(10_000, set.elements().size());
        assertNull(set.elements().stream().filter(e -> e.target().equals(IpPrefix.parse("100.64.0.1"))).findFirst()
                .orElseThrow().expiresAt(), "the permanent ban outlasts the 8-day one");
        assertEquals(0, sync.verify(POLICY, port(many)).drift());
    }

    @Test
    void theLongerOfTwoRunningBansOfOneTargetWins() {
        List<Element> wanted = BanSetSync.wanted(POLICY, port(List.of(
                ban("198.51.100.1", "saslfail-strike2", T0.plus(Duration.ofDays(8))),
                ban("198.51.100.1", "saslfail-strike3", T0.plus(Duration.ofDays(32))))), T0);
        assertEquals(List.of(new Element(IpPrefix.parse("198.51.100.1"), T0.plus(Duration.ofDays(32)))), wanted);
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
