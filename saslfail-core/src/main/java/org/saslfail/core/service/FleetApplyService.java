package org.saslfail.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.port.in.ApplyFleetDecisionsUseCase;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailEnforcementPort.JailCommand;

/**
 * Applies the other nodes' decisions to this node's jails, in batches from this node's watermark:
 * a ban goes into the jail {@link Fleet#localJail} names (never a strike-1 jail, so the intake never
 * reads it back), a lift leaves every saslfail jail, and a ban it applied is lifted once it ended
 * (this node's fail2ban started it later, so it would run longer). Jail commands go through the
 * enforcement port, which keeps what fail2ban cannot take now pending. The watermark moves only after
 * the commands were sent or kept: a node stopped in between applies the batch again (idempotent).
 */
public final class FleetApplyService implements ApplyFleetDecisionsUseCase {
    /** Decisions read and applied per call. */
    public static final int BATCH = 500;
    /** How often the bans applied for other nodes are checked for their end: an idle node asks little. */
    public static final java.time.Duration SWEEP = java.time.Duration.ofSeconds(30);

    private final Fleet fleet;
    private final EscalationPolicy policy;
    private final FleetDecisionPort decisions;
    private final JailEnforcementPort jails;
    /** This node's progress as last read or written: the service is the only writer of its row. */
    private FleetDecisionPort.Applied last;

    public FleetApplyService(Fleet fleet, EscalationPolicy policy, FleetDecisionPort decisions, JailEnforcementPort jails) {
        this.fleet = fleet;
        this.policy = policy;
        this.decisions = decisions;
        this.jails = jails;
    }

    @Override
    public Applied apply(ApplyCommand c) {
        Instant now = c.now();
        if (last == null) {
            last = decisions.applied(fleet.node()).orElse(new FleetDecisionPort.Applied(fleet.node(), 0, Instant.EPOCH, now));
        }
        FleetDecisionPort.Applied from = last;
        List<JailCommand> todo = new ArrayList<>();
        int expired = 0;
        Instant expiredTo = from.expiredTo();
        if (!now.isBefore(expiredTo.plus(SWEEP))) {
            List<FleetDecision> ended = decisions.ending(fleet.node(), expiredTo, now, BATCH);
            for (FleetDecision d : ended) {
                Optional<JailName> jail = localJail(d);
                if (jail.isPresent()) {
                    todo.add(new JailCommand(jail.get(), d.offender(), Op.UNBAN));
                    expired++;
                }
            }
            // a full batch: the rest ends after the last one read, and is lifted at the next call
            expiredTo = ended.size() == BATCH ? ended.get(ended.size() - 1).expiresAt() : now;
        }
        List<FleetDecision> batch = decisions.after(from.id(), BATCH);
        int applied = 0;
        int skipped = 0;
        Instant newestAt = null;
        for (FleetDecision d : batch) {
            List<JailCommand> commands = commands(d, now);
            if (commands.isEmpty()) {
                skipped++;
            } else {
                todo.addAll(commands);
                applied++;
                newestAt = d.at();
            }
        }
        if (!todo.isEmpty()) {
            jails.enforce(todo);
        }
        long upTo = batch.isEmpty() ? from.id() : batch.get(batch.size() - 1).id();
        if (upTo != from.id() || !expiredTo.equals(from.expiredTo()) || from.at().equals(Instant.EPOCH)) {
            last = new FleetDecisionPort.Applied(fleet.node(), upTo, now, expiredTo);
            decisions.markApplied(last);
        }
        return new Applied(applied, skipped, expired, upTo, batch.size() == BATCH, newestAt);
    }

    /** What one decision asks of this node's jails: nothing for its own, an ended ban or one out of scope. */
    private List<JailCommand> commands(FleetDecision d, Instant now) {
        if (fleet.ours(d.node())) {
            return List.of();
        }
        if (d.action() == FleetDecision.Action.LIFT) {
            List<JailCommand> lifts = new ArrayList<>();
            for (JailName jail : saslfailJails()) {
                lifts.add(new JailCommand(jail, d.offender(), Op.UNBAN));
            }
            return lifts;
        }
        if (d.endedAt(now)) {
            return List.of();
        }
        return localJail(d).map(j -> List.of(new JailCommand(j, d.offender(), Op.BAN))).orElse(List.of());
    }

    private Optional<JailName> localJail(FleetDecision d) {
        return fleet.localJail(d.node(), d.jail(), d.strike(), policy.strikeOneJails().keySet());
    }

    /** Every jail a ban of saslfail may sit in on this node. */
    private Set<JailName> saslfailJails() {
        return LiftService.saslfailJails(List.copyOf(policy.strikeOneJails().values()), policy);
    }
}
