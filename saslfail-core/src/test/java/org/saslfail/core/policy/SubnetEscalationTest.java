package org.saslfail.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;

class SubnetEscalationTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final IpPrefix NET = IpPrefix.parse("203.0.113.0/24");
    private final Escalator escalator = new Escalator(EscalationPolicy.defaults());

    private static Offense offense(String ip, Instant at) {
        IpPrefix p = IpPrefix.parse(ip);
        return new Offense(p, p.network(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"), at, at.plus(Duration.ofHours(48)), null);
    }

    private Optional<Outcome> decide(String triggerIp, Instant at, List<Offense> inside) {
        return escalator.decideSubnet(BanEvent.ban("saslfail-postfix", triggerIp, at), NET, inside, List.of());
    }

    @Test
    void fiveDistinctAddressesWithinTheWindowMakeTheSubnetAnOffender() {
        List<Offense> inside = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            inside.add(offense("203.0.113." + i, T0.plusSeconds(i)));
            assertTrue(decide("203.0.113." + i, T0.plusSeconds(i), inside).isEmpty(), i + " is below the threshold");
        }
        inside.add(offense("203.0.113.5", T0.plusSeconds(5)));
        Outcome o = decide("203.0.113.5", T0.plusSeconds(5), inside).orElseThrow();
        assertEquals(Result.OFFENSE, o.result());
        assertEquals(NET, o.offender());
        assertEquals(1, o.offense().strike());
        assertEquals(JailName.of("saslfail-postfix"), o.offense().jail());
        assertEquals(BanEvent.Kind.SUBNET, o.event().kind());
        assertEquals("subnet-ban|saslfail-postfix|203.0.113.0|" + T0.plusSeconds(5).toEpochMilli(), o.event().key());
    }

    @Test
    void theFifthAddressExactlyAtTheEndOfTheWindowCountsButTheFirstHasLeftIt() {
        Instant end = T0.plus(Duration.ofHours(24));
        List<Offense> inside = new ArrayList<>();
        inside.add(offense("203.0.113.1", T0));                 // exactly 24 h before: outside (window is (at-24h, at])
        for (int i = 2; i <= 5; i++) {
            inside.add(offense("203.0.113." + i, T0.plusSeconds(i)));
        }
        inside.add(offense("203.0.113.6", end));
        assertTrue(decide("203.0.113.6", end, inside).isPresent(), "2..6 are five within the window");
        inside.remove(1);
        assertTrue(decide("203.0.113.6", end, inside).isEmpty(), "without .2 only four remain: .1 fell out at exactly 24 h");
    }

    @Test
    void oneAddressOffendingFiveTimesIsNotFiveAddresses() {
        List<Offense> inside = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inside.add(offense("203.0.113.7", T0.plusSeconds(i * 3600L)));
        }
        assertTrue(decide("203.0.113.7", T0.plusSeconds(4 * 3600L), inside).isEmpty());
    }

    @Test
    void aSubnetHoldingAnIgnoredAddressIsNeverBanned() {
        Escalator withOwn = new Escalator(EscalationPolicy.defaults().withIgnore(List.of(IpPrefix.parse("203.0.113.25"))));
        List<Offense> inside = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            inside.add(offense("203.0.113." + i, T0.plusSeconds(i)));
        }
        Outcome o = withOwn.decideSubnet(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0.plusSeconds(5)), NET, inside, List.of())
                .orElseThrow();
        assertEquals(Result.IGNORED, o.result());
        assertTrue(o.detail().contains("holds an ignored address"), o.detail());
    }

    @Test
    void aSubnetThatOffendsAgainAfterItsBanEscalatesOnTheLadder() {
        List<Offense> inside = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            inside.add(offense("203.0.113." + i, T0.plus(Duration.ofDays(10)).plusSeconds(i)));
        }
        Offense earlier = new Offense(NET, NET.network(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"), T0,
                T0.plus(Duration.ofHours(48)), null);
        Outcome o = escalator.decideSubnet(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0.plus(Duration.ofDays(10)).plusSeconds(5)),
                NET, inside, List.of(earlier)).orElseThrow();
        assertEquals(2, o.offense().strike());
        assertEquals(JailName.of("saslfail-strike2"), o.offense().jail());
    }

    @Test
    void subnetEscalationIsOffAtThresholdZeroAndIpv6UsesTheSlash48() {
        EscalationPolicy d = EscalationPolicy.defaults();
        EscalationPolicy off = new EscalationPolicy(d.ladder(), d.forgetAfter(), d.history(), 64, 0, d.subnetWindow(), d.ignore(), 0,
                d.strikeOneJails());
        assertTrue(off.subnetOf(IpPrefix.parse("203.0.113.9")).isEmpty());
        assertEquals(NET, d.subnetOf(IpPrefix.parse("203.0.113.9")).orElseThrow());
        assertEquals(IpPrefix.parse("2001:db8:7::/48"), d.subnetOf(IpPrefix.parse("2001:db8:7:1::/64")).orElseThrow());
        assertTrue(d.subnetOf(NET).isEmpty(), "a subnet has no subnet of its own");
    }
}
