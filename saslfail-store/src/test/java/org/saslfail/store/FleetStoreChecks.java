package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.service.EscalationService;
import org.saslfail.core.service.FleetPublisher;

/** Fleet decisions over a real store, two nodes on two connections (as two servers would). Run on SQLite and PostgreSQL. */
final class FleetStoreChecks {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private FleetStoreChecks() {
    }

    private static EscalationService node(String name, OffenseStore store) {
        return new EscalationService(new Escalator(EscalationPolicy.defaults()), store, store, DryRunJails.INSTANCE, store,
                new FleetPublisher(new Fleet(name, Fleet.Scope.ALL), store, store));
    }

    /**
     * Two nodes record the same offender at the same moment, many times over: each time one offense
     * and one ban decision, whichever node wins, and the decision is the offense's, with its node.
     */
    static void twoNodesRecordingOneOffenderAtOnceMakeOneOffenseAndOneDecision(String database) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (OffenseStore a = OffenseStores.open(database); OffenseStore b = OffenseStores.open(database)) {
            EscalationService mx1 = node("mx1", a);
            EscalationService mx2 = node("mx2", b);
            int rounds = 40;
            for (int i = 0; i < rounds; i++) {
                String ip = "198.51." + i + ".10";
                // the same second on both (the same event key), or one second apart (a repeat while banned)
                Instant at = T0.plusSeconds(i * 10L);
                Instant other = i % 2 == 0 ? at : at.plusSeconds(1);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> one = pool.submit(() -> {
                    start.await();
                    return mx1.recordAll(BanEvent.ban("saslfail-postfix", ip, at));
                });
                Future<?> two = pool.submit(() -> {
                    start.await();
                    return mx2.recordAll(BanEvent.ban("saslfail-postfix", ip, other));
                });
                one.get();
                two.get();
            }
            List<FleetDecision> decisions = a.after(0, 1000);
            assertEquals(rounds, decisions.size(), "one decision per offender: " + decisions);
            for (int i = 0; i < rounds; i++) {
                IpPrefix offender = IpPrefix.parse("198.51." + i + ".10");
                List<Offense> offenses = a.history(offender, T0.minusSeconds(1));
                assertEquals(1, offenses.size(), "one offense of " + offender);
                Offense o = offenses.get(0);
                List<FleetDecision> its = decisions.stream().filter(d -> d.offender().equals(offender)).toList();
                assertEquals(List.of(FleetDecision.ban(o.node(), o)), its.stream().map(d -> d.withId(0)).toList());
                assertTrue(List.of("mx1", "mx2").contains(o.node()), "decided by a node: " + o.node());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Decisions of many writers at once: a reader following the log by id while they commit never
     * skips one (ids follow commit order), and reads each once.
     */
    static void aReaderFollowingWhileNodesWriteMissesNoDecision(String database) throws Exception {
        int writers = 3;
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (OffenseStore reader = OffenseStores.open(database)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int node = w;
                done.add(pool.submit(() -> {
                    try (OffenseStore s = OffenseStores.open(database)) {
                        EscalationService engine = node("mx" + node, s);
                        for (int i = 0; i < each; i++) {
                            engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0." + (node * 60 + i) / 250 + "."
                                    + (1 + (node * 60 + i) % 250), T0.plusSeconds(i)));
                        }
                    }
                    return null;
                }));
            }
            List<Long> seen = new ArrayList<>();
            long upTo = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < writers * each && System.nanoTime() < deadline) {
                for (FleetDecision d : reader.after(upTo, 7)) {
                    seen.add(d.id());
                    upTo = d.id();
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= writers * each; i++) {
                expected.add(i);
            }
            assertEquals(expected, seen);
        } finally {
            pool.shutdownNow();
        }
    }
}
