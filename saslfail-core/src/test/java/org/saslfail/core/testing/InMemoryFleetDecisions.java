package org.saslfail.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.port.out.FleetDecisionPort;

/** {@link FleetDecisionPort} in memory, for tests of the fleet use cases; safe for several threads. */
public final class InMemoryFleetDecisions implements FleetDecisionPort {
    private final List<FleetDecision> decisions = new ArrayList<>();
    private final Map<String, Applied> applied = new TreeMap<>();

    @Override
    public synchronized FleetDecision publish(FleetDecision decision) {
        FleetDecision stored = decision.withId(decisions.size() + 1);
        decisions.add(stored);
        notifyAll();
        return stored;
    }

    @Override
    public synchronized List<FleetDecision> after(long id, int limit) {
        return decisions.stream().filter(d -> d.id() > id).limit(limit).toList();
    }

    @Override
    public synchronized List<FleetDecision> ending(String node, Instant from, Instant to, int limit) {
        return decisions.stream()
                .filter(d -> d.action() == FleetDecision.Action.BAN && !d.node().equals(node) && d.expiresAt() != null
                        && d.expiresAt().isAfter(from) && !d.expiresAt().isAfter(to))
                .sorted(Comparator.comparing(FleetDecision::expiresAt).thenComparingLong(FleetDecision::id))
                .limit(limit).toList();
    }

    @Override
    public synchronized Optional<Applied> applied(String node) {
        return Optional.ofNullable(applied.get(node));
    }

    @Override
    public synchronized void markApplied(Applied a) {
        applied.put(a.node(), a);
    }

    @Override
    public synchronized List<Applied> progress() {
        return List.copyOf(applied.values());
    }

    @Override
    public synchronized long newest() {
        return decisions.size();
    }

    @Override
    public synchronized void await(long id, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (decisions.size() <= id) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
