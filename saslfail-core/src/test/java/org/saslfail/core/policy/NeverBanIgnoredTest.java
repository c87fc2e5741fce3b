package org.saslfail.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;

/** Issue 11 item 1: no ban ever covers an ignored or own address. */
class NeverBanIgnoredTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final EscalationPolicy policy = EscalationPolicy.defaults()
            .withIgnore(List.of(IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("2001:db8:1::5")));

    @Test
    void twoBansOfANeighbourOfAnIgnoredIpv6AddressNeverBanItsSlash64() {
        Escalator escalator = new Escalator(policy);
        List<Offense> history = new ArrayList<>();
        Outcome last = null;
        for (int day : new int[] {0, 9}) {
            last = escalator.decide(BanEvent.ban("saslfail-postfix", "2001:db8:1::7", T0.plus(Duration.ofDays(day))),
                    List.copyOf(history));
            assertEquals(Result.OFFENSE, last.result());
            history.add(last.offense());
        }
        assertEquals(IpPrefix.parse("2001:db8:1::7/128"), last.offender());
        assertEquals(2, last.offense().strike());
        assertTrue(!last.offender().contains(IpAddress.parse("2001:db8:1::5")), "the ban covers the ignored address");
        assertTrue(last.detail().contains("2001:db8:1::/64") && last.detail().contains("2001:db8:1::5"),
                "the outcome says why it was narrowed: " + last.detail());
    }

    @Test
    void anIpv6OffenderWithoutIgnoredNeighboursKeepsItsSlash64() {
        BanScope scope = policy.scopeOf(IpAddress.parse("2001:db8:2::7"));
        assertEquals(IpPrefix.parse("2001:db8:2::/64"), scope.offender());
        assertTrue(scope.narrowing().isEmpty());
    }

    @Test
    void ownAddressesJoiningTheIgnoreListNarrowTheirNeighboursToo() {
        EscalationPolicy withOwn = policy.withIgnore(List.of(IpPrefix.parse("2001:db8:9::1/128")));
        assertEquals(IpPrefix.parse("2001:db8:9::2/128"), withOwn.offenderOf(IpAddress.parse("2001:db8:9::2")));
    }

    @Test
    void refusesNetworksWiderThanSlash16Or32AndAnyOverlappingAnIgnoredAddress() {
        assertTrue(policy.refusal(IpPrefix.parse("203.0.0.0/15")).orElseThrow().contains("wider than /16"));
        assertTrue(policy.refusal(IpPrefix.parse("203.0.0.0/16")).isEmpty());
        assertTrue(policy.refusal(IpPrefix.parse("2001:db8::/31")).orElseThrow().contains("wider than /32"));
        assertTrue(policy.refusal(IpPrefix.parse("2001:db8::/32")).orElseThrow().contains("2001:db8:1::5"));
        assertTrue(policy.refusal(IpPrefix.parse("2001:db8:2::/48")).isEmpty());
        assertTrue(policy.refusal(IpPrefix.parse("127.0.0.1/32")).isPresent());
    }
}
