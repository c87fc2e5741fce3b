package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.service.EscalationService;

/**
 * Issue 11 item 4: two writers replaying the same log at once (two connections, as two
 * processes would) must leave exactly what one replay leaves. Run on SQLite and PostgreSQL.
 */
final class ConcurrentDecisions {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final IpPrefix ALL = IpPrefix.parse("203.0.0.0/16");

    private ConcurrentDecisions() {
    }

    /**
     * Twenty /24s whose eight addresses each offend on days 0, 3 and 12, one /24 after the other:
     * strikes and subnet bans galore, and a writer that lost the race for one address goes on to
     * the next address of the same /24 while the winner is still deciding about the /24.
     */
    static List<BanEvent> log() {
        List<BanEvent> events = new ArrayList<>();
        for (int day : new int[] {0, 3, 12}) {
            for (int host = 1; host <= 8; host++) {
                for (int net = 0; net < 20; net++) {
                    events.add(BanEvent.ban("saslfail-postfix", "203.0." + net + "." + host,
                            T0.plus(Duration.ofDays(day)).plusSeconds(net * 60L + host)));
                }
            }
        }
        events.sort(Comparator.comparing(BanEvent::at));
        return events;
    }

    /** Offenses in one total order (the store orders by time only; a subnet and its trigger share a time). */
    private static List<Offense> sorted(List<Offense> offenses) {
        return offenses.stream().sorted(Comparator.comparing(Offense::at).thenComparing(o -> o.offender().toString())
                .thenComparing(o -> o.jail().value())).toList();
    }

    static void replay(OffenseStore store, List<BanEvent> events) {
        EscalationService engine = new EscalationService(new Escalator(EscalationPolicy.defaults()), store, store, DryRunJails.INSTANCE);
        events.forEach(engine::recordAll);
    }

    /** Replays the log once into {@code reference}, twice at once into two connections of {@code shared}; compares. */
    static void twoConcurrentReplaysLeaveWhatOneLeaves(String reference, String shared) throws Exception {
        List<BanEvent> events = log();
        List<Offense> expected;
        try (OffenseStore one = OffenseStores.open(reference)) {
            replay(one, events);
            expected = sorted(one.offensesWithin(ALL));
        }
        try (OffenseStore a = OffenseStores.open(shared); OffenseStore b = OffenseStores.open(shared)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (OffenseStore s : List.of(a, b)) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        replay(s, events);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : runs) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<Offense> got = sorted(a.offensesWithin(ALL));
            List<Offense> missing = new ArrayList<>(expected);
            missing.removeAll(got);
            List<Offense> extra = new ArrayList<>(got);
            extra.removeAll(expected);
            assertEquals(expected, got, "two concurrent replays vs one: " + expected.size() + " offenses expected, "
                    + got.size() + " recorded; missing " + missing.stream().limit(5).toList() + "; extra "
                    + extra.stream().limit(5).toList());
            Instant end = T0.plus(Duration.ofDays(13));
            try (OffenseStore one = OffenseStores.open(reference)) {
                assertEquals(one.summary(end), a.summary(end), "the running totals");
            }
        }
    }
}
