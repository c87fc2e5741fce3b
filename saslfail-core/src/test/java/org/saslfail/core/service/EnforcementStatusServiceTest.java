package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.EnforcementStatusUseCase.EnforcementQuery;
import org.saslfail.core.port.in.EnforcementStatusUseCase.EnforcementStatus;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.testing.InMemoryBanSet;
import org.saslfail.core.testing.InMemoryDaemonStore;

/** What status (the daemon's last figures) and doctor (a read of the set) learn about enforcement. */
class EnforcementStatusServiceTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final EscalationPolicy POLICY = EscalationPolicy.defaults();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final InMemoryBanSet set = new InMemoryBanSet(clock);
    private final InMemoryDaemonStore state = new InMemoryDaemonStore();
    /** Two tier bans (one IPv4, one IPv6) and a strike-1 ban, which stays fail2ban's. */
    private final RunningBansPort running = (at, sink) -> {
        sink.accept(IpPrefix.parse("198.51.100.1"), JailName.of("saslfail-strike2"), T0.plus(Duration.ofDays(8)));
        sink.accept(IpPrefix.parse("2001:db8:1::/64"), JailName.of("saslfail-strike3"), T0.plus(Duration.ofDays(32)));
        sink.accept(IpPrefix.parse("198.51.100.3"), JailName.of("saslfail-postfix"), T0.plus(Duration.ofHours(48)));
    };

    private EnforcementStatus status(Optional<BanSetPort> banSet, Optional<BanSetPort> leftover, boolean read) {
        return new EnforcementStatusService(banSet, () -> leftover, () -> POLICY, running, () -> state)
                .status(new EnforcementQuery(T0, read));
    }

    @Test
    void underFail2banWithoutATableThereIsNothingButTheBackend() {
        EnforcementStatus s = status(Optional.empty(), Optional.empty(), true);
        assertEquals("fail2ban", s.backend());
        assertFalse(s.present());
        assertEquals(Optional.empty(), s.figures());
    }

    @Test
    void aReadCountsEachSetAndFindsAMissingElementAndOneThatShouldBeGone() {
        set.replace(BanSetPort.Elements.of(List.of(new Element(IpPrefix.parse("198.51.100.1"), T0.plus(Duration.ofDays(8))),
                new Element(IpPrefix.parse("203.0.113.9"), null))));
        BanSetSync.Result r = status(Optional.of(set), Optional.empty(), true).figures().orElseThrow();
        assertEquals(Map.of("v4", 2, "v6", 0), r.perSet());
        assertEquals(1, r.missing()); // the IPv6 tier ban
        assertEquals(1, r.extra()); // 203.0.113.9 runs in no ban
        assertEquals(0, r.wrongExpiry());
        assertEquals("read", r.how());
    }

    @Test
    void withoutAReadStatusShowsTheDaemonsLastFiguresAsItKeptThem() {
        BanSetSync sync = new BanSetSync(set, clock, Duration.ofHours(1));
        BanSetSync.Result loaded = sync.load(POLICY, running);
        state.putState(BanSetSync.STATE, loaded.encode(), T0);
        EnforcementStatus s = status(Optional.of(set), Optional.empty(), false);
        assertEquals("nftables", s.backend());
        assertEquals(Optional.of(loaded), s.figures());
        assertEquals("2 elements (v4 1, v6 1), drift 0, loaded at 2026-06-01T12:00:00Z", loaded.describe());
    }

    @Test
    void underFail2banADoctorReadFindsATableLeftFromNftables() {
        set.replace(BanSetPort.Elements.of(List.of(new Element(IpPrefix.parse("198.51.100.1"), T0.plus(Duration.ofDays(8))))));
        EnforcementStatus s = status(Optional.empty(), Optional.of(set), true);
        assertEquals("fail2ban", s.backend());
        assertTrue(s.present());
        assertEquals(Optional.of("memory"), s.location());
        assertEquals(1, s.figures().orElseThrow().elements());
    }

    @Test
    void figuresAnOlderDaemonWroteAreNoFigures() {
        assertEquals(Optional.empty(), BanSetSync.Result.decode("3 elements, drift 0, verified at 2026-06-01T12:00:00Z"));
    }
}
