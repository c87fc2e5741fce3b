package org.saslfail.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.FleetDecision;

/**
 * The fleet's durable decisions (bans and lifts, in commit order) and how far each node has
 * applied them. A store adapter keeps them beside the history, so that a decision is written in
 * the same transaction as the offense or lift it announces; {@code core.testing.InMemoryFleetDecisions}
 * keeps them in memory.
 */
public interface FleetDecisionPort {

    /**
     * How far a node got: every decision up to {@code id} is applied, and the bans it applied from
     * others that ended up to {@code expiredTo} are lifted.
     */
    record Applied(String node, long id, Instant at, Instant expiredTo) {
    }

    /**
     * Stores {@code decision} with the next id and wakes the other nodes once it is committed;
     * inside {@link RecordOutcomePort#serialised} it joins that transaction. Ids follow commit
     * order: a reader that saw id N has seen every decision below N.
     */
    FleetDecision publish(FleetDecision decision);

    /** The decisions after {@code id}, oldest first, at most {@code limit}. */
    List<FleetDecision> after(long id, int limit);

    /** Bans decided by nodes other than {@code node} that end in ({@code from}, {@code to}], soonest first, at most {@code limit}. */
    List<FleetDecision> ending(String node, Instant from, Instant to, int limit);

    /** How far {@code node} got; empty when it never applied anything. */
    java.util.Optional<Applied> applied(String node);

    void markApplied(Applied applied);

    /** Every node's progress, by node name. */
    List<Applied> progress();

    /** The id of the newest decision (0 when there is none). */
    long newest();

    /**
     * Waits until a decision after {@code id} may have been committed, at most {@code wait}; returns
     * at once when one already is. Wakes on the store's own signal (PostgreSQL: NOTIFY) where it has one.
     */
    void await(long id, Duration wait) throws InterruptedException;
}
