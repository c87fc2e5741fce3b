package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.service.EscalationService;

/** The core's escalation service on a real SQLite store, across reopening (the daemon restarting). */
class EscalationOverSqliteIT {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private Outcome decide(String db, BanEvent event) {
        try (OffenseStore store = OffenseStores.open(db)) {
            return new EscalationService(new Escalator(EscalationPolicy.defaults()), store, store, DryRunJails.INSTANCE).record(event);
        }
    }

    private static BanEvent ban(int day, String ip) {
        return BanEvent.ban("saslfail-postfix", ip, T0.plus(Duration.ofDays(day)));
    }

    @Test
    void bansOnDaysZeroThreeTwelveAndFiftyEscalateOneTwoThreeThree() {
        String db = dir.resolve("saslfail.db").toString();
        List<Offense> offenses = List.of(0, 3, 12, 50).stream()
                .map(d -> decide(db, ban(d, "203.0.113.9")).offense()).toList();
        assertEquals(List.of(1, 2, 3), offenses.subList(0, 3).stream().map(Offense::strike).toList());
        assertEquals(List.of(Duration.ofHours(48), Duration.ofDays(8), Duration.ofDays(32), Duration.ofDays(32)),
                offenses.stream().map(o -> Duration.between(o.at(), o.expiresAt())).toList());
        assertEquals(Result.REPEAT, decide(db, ban(51, "203.0.113.9")).result());
        assertEquals(Result.DUPLICATE, decide(db, ban(50, "203.0.113.9")).result());
        assertEquals(Result.RESTORE, decide(db, BanEvent.restore("saslfail-postfix", "203.0.113.9",
                T0.plus(Duration.ofDays(52)))).result());
        // a second address of an IPv6 /64 that offended escalates; a year and a day later it starts again
        assertEquals(1, decide(db, ban(0, "2001:db8:1:2::5")).offense().strike());
        assertEquals(2, decide(db, ban(5, "2001:db8:1:2::6")).offense().strike());
        assertEquals(1, decide(db, ban(5 + 366, "2001:db8:1:2::7")).offense().strike());
        try (OffenseStore store = OffenseStores.open(db)) {
            assertEquals(List.of(Duration.ofHours(48), Duration.ofDays(8), Duration.ofDays(32), Duration.ofDays(32)),
                    store.offensesWithin(IpPrefix.parse("203.0.113.9")).stream()
                            .map(o -> Duration.between(o.at(), o.expiresAt())).toList());
            assertEquals(offenses, store.offensesWithin(IpPrefix.parse("203.0.113.9")));
            Offense last = store.offensesWithin(IpPrefix.parse("2001:db8:1:2::/64")).get(2);
            assertEquals(IpPrefix.parse("2001:db8:1:2::/64"), last.offender());
        }
    }
}
