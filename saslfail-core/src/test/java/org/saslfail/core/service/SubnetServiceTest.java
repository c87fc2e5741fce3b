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
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.testing.InMemoryOffenseStore;

/** The subnet rule through the service, over the in-memory store fake. */
class SubnetServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final List<String> calls = new ArrayList<>();
    private final JailGateway gateway = new JailGateway() {
        @Override
        public void ban(JailName jail, IpPrefix target) {
            calls.add("ban " + jail + " " + target);
        }

        @Override
        public void unban(JailName jail, IpPrefix target) {
            calls.add("unban " + jail + " " + target);
        }
    };

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
}
