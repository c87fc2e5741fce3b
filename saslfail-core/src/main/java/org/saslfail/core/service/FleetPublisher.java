package org.saslfail.core.service;

import java.time.Instant;
import java.util.function.Supplier;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.RecordOutcomePort;

/**
 * Announces this node's bans and lifts to the fleet: the one place that says which outcomes are
 * decisions. Call it inside the transaction that records them ({@link #atomically}, or
 * {@link RecordOutcomePort#serialised}), so a decision is stored exactly when its offense or lift
 * is. {@link #NONE} (no {@code fleet.node}) announces nothing.
 */
public final class FleetPublisher {
    /** Outside a fleet: offenses carry no node, nothing is announced. */
    public static final FleetPublisher NONE = new FleetPublisher(null, null, null);

    private final Fleet fleet;
    private final FleetDecisionPort decisions;
    private final RecordOutcomePort recorder;

    /** @param recorder serialises a lift with its announcement (one transaction per offender's subnet) */
    public FleetPublisher(Fleet fleet, FleetDecisionPort decisions, RecordOutcomePort recorder) {
        this.fleet = fleet;
        this.decisions = decisions;
        this.recorder = recorder;
    }

    /** This node's name, or {@code null} outside a fleet. */
    public String node() {
        return fleet == null ? null : fleet.node();
    }

    /** The outcome as this node decides it: its offense names this node. */
    public Outcome stamp(Outcome o) {
        if (fleet == null || o.offense() == null || o.result() != Outcome.Result.OFFENSE) {
            return o;
        }
        return new Outcome(o.event(), o.result(), o.offender(), o.service(), o.offense().decidedBy(fleet.node()),
                o.detail(), o.logins());
    }

    /** Announces a recorded outcome: a new offense is a ban, an unban that ended a ban early is a lift. */
    public void recorded(Outcome o) {
        if (fleet == null) {
            return;
        }
        if (o.result() == Outcome.Result.OFFENSE && o.offense() != null) {
            ban(o.offense());
        } else if (o.result() == Outcome.Result.UNBAN && o.offense() != null && o.offense().liftedAt() != null) {
            lifted(o.offender(), o.offense().liftedAt());
        }
    }

    public void ban(Offense offense) {
        if (fleet != null) {
            decisions.publish(FleetDecision.ban(fleet.node(), offense));
        }
    }

    public void lifted(IpPrefix offender, Instant at) {
        if (fleet != null) {
            decisions.publish(FleetDecision.lift(fleet.node(), offender, at));
        }
    }

    /** Runs {@code work} in one transaction with what it announces (outside a fleet: just runs it). */
    public <T> T atomically(IpPrefix key, Supplier<T> work) {
        return recorder == null ? work.get() : recorder.serialised(key, work);
    }
}
