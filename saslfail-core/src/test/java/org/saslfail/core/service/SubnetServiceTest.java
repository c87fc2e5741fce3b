package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.testing.InMemoryOffenseStore;
import org.saslfail.core.testing.RecordingJailGateway;

/** The subnet rule through the service, over the in-memory store fake. */
class SubnetServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final RecordingJailGateway gateway = new RecordingJailGateway();
    private final List<String> calls = gateway.calls();

    @Test
    void theFifthOffenderOfASlash24BansTheSubnetAfterLiftingItsAddressesFromThatJail() {
        InMemoryOffenseStore store = new InMemoryOffenseStore();
        EscalationService service = new EscalationService(new Escalator(EscalationPolicy.defaults()), store, store, gateway);
        for (int i = 1; i <= 4; i++) {
            assertEquals(1, service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113." + i, T0.plusSeconds(i))).size());
        }
        List<Outcome> fifth = service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0.plusSeconds(5)));
        assertEquals(2, fifth.size());
        assertEquals(Result.OFFENSE, fifth.get(1).result());
        assertEquals("203.0.113.0/24", fifth.get(1).offender().toString());
        assertEquals("ban saslfail-postfix 203.0.113.0/24", calls.get(calls.size() - 1));
        assertEquals(6, calls.size(), "five unbans of the addresses, then the subnet ban: " + calls);
        assertTrue(store.activeBans(T0.plusSeconds(6)).stream().anyMatch(b -> b.offender().toString().equals("203.0.113.0/24")));

        // a replay of the same event is a duplicate and does not ban the subnet again
        calls.clear();
        List<Outcome> again = service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0.plusSeconds(5)));
        assertEquals(List.of(Result.DUPLICATE), again.stream().map(Outcome::result).toList());
        assertTrue(calls.isEmpty());
    }

    @Test
    void aSubnetHoldingAnIgnoredAddressIsSparedAtTheWindowsEndAndRecordedOncePerDay() {
        java.time.Duration window = java.time.Duration.ofHours(24);
        EscalationPolicy spares = EscalationPolicy.defaults().withIgnore(List.of(IpPrefix.parse("203.0.113.25")));
        // the fifth distinct address exactly at the end of the window of the first: (at - 24h, at] excludes the first
        InMemoryOffenseStore late = new InMemoryOffenseStore();
        EscalationService lateService = new EscalationService(new Escalator(spares), late, late, gateway);
        for (int i = 1; i <= 4; i++) {
            lateService.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113." + i, T0.plusSeconds(i - 1)));
        }
        assertEquals(1, lateService.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0.plus(window))).size());
        assertTrue(late.spared().isEmpty(), "only four addresses were inside the window");

        // one millisecond earlier all five are inside: the subnet reaches the threshold and is spared
        InMemoryOffenseStore store = new InMemoryOffenseStore();
        EscalationService service = new EscalationService(new Escalator(spares), store, store, gateway);
        for (int i = 1; i <= 4; i++) {
            service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113." + i, T0.plusSeconds(i - 1)));
        }
        Instant fifthAt = T0.plus(window).minusMillis(1);
        List<Outcome> fifth = service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.5", fifthAt));
        assertEquals(List.of(Result.OFFENSE, Result.IGNORED), fifth.stream().map(Outcome::result).toList());
        assertTrue(fifth.get(1).detail().contains("holds an ignored address (203.0.113.25)"), fifth.get(1).detail());
        assertEquals(1, store.spared().size());
        org.saslfail.core.model.SparedSubnet s = store.spared().get(0);
        assertEquals("203.0.113.0/24", s.subnet().toString());
        assertEquals("203.0.113.25", s.sparedBy().toString());
        assertEquals(5, s.offenders());
        assertEquals(fifthAt, s.first());
        assertTrue(calls.stream().noneMatch(c -> c.contains("203.0.113.0/24")), "never banned: " + calls);

        // more addresses the same day update the record and are not reported again; a replay changes nothing
        List<Outcome> sixth = service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.6", fifthAt));
        assertEquals(List.of(Result.OFFENSE), sixth.stream().map(Outcome::result).toList());
        assertEquals(6, store.spared().get(0).offenders());
        service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.7", fifthAt.plusMillis(1500)));
        assertEquals(1, store.spared().size());
        assertEquals(6, store.spared().get(0).offenders(), "the largest count is kept (.1 and .2 have left the window by now)");
        assertEquals(fifthAt.plusMillis(1500), store.spared().get(0).last());
        List<Outcome> replay = service.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.5", fifthAt));
        assertEquals(List.of(Result.DUPLICATE), replay.stream().map(Outcome::result).toList());
        assertEquals(List.of(new org.saslfail.core.model.SparedSubnet(s.subnet(), s.sparedBy(), 6, s.service(), fifthAt,
                fifthAt.plusMillis(1500))), store.spared());
    }
}
