package org.saslfail.core.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.RecordBanUseCase;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;

/**
 * Decides each event against the stored history, records it exactly once, and moves an
 * offender past strike 1 into its tier jail (lifting it from the strike-1 jail). When enough
 * addresses of one subnet offend within the subnet window, the subnet becomes an offender too.
 */
public final class EscalationService implements RecordBanUseCase {
    private final Escalator escalator;
    private final LoadHistoryPort history;
    private final RecordOutcomePort recorder;
    private final JailGateway jails;
    private final KnownUserPort knownUsers;
    private final FleetPublisher fleet;

    /** How many logins one decision reads: enough to name the users in a notice. */
    static final int LOGINS_PER_DECISION = 10;

    public EscalationService(Escalator escalator, LoadHistoryPort history, RecordOutcomePort recorder, JailGateway jails,
                             KnownUserPort knownUsers) {
        this(escalator, history, recorder, jails, knownUsers, FleetPublisher.NONE);
    }

    /** @param fleet announces each ban decided here to the other fleet nodes, in the transaction that records it */
    public EscalationService(Escalator escalator, LoadHistoryPort history, RecordOutcomePort recorder, JailGateway jails,
                             KnownUserPort knownUsers, FleetPublisher fleet) {
        this.fleet = fleet;
        this.escalator = escalator;
        this.history = history;
        this.recorder = recorder;
        this.jails = jails;
        this.knownUsers = knownUsers;
    }

    /** A service that knows no logins (every address is a stranger's). */
    public EscalationService(Escalator escalator, LoadHistoryPort history, RecordOutcomePort recorder, JailGateway jails) {
        this(escalator, history, recorder, jails, null);
    }

    @Override
    public List<Outcome> recordAll(BanEvent event) {
        IpPrefix key = escalator.policy().decisionKey(escalator.policy().offenderOf(event.ip()));
        // decide and record under one lock per offender's subnet; the jails are told once it is committed
        Decided decided = recorder.serialised(key, () -> decideAndRecord(event));
        Outcome outcome = decided.outcomes().get(0);
        if (outcome.result() == Result.KNOWN_USER) {
            // known_users = ignore: not banned by saslfail at all, not even in the strike-1 jail
            jails.unban(event.jail(), event.ip().asPrefix());
        }
        if (outcome.result() == Result.OFFENSE && !outcome.offense().jail().equals(event.jail())) {
            jails.ban(outcome.offense().jail(), outcome.offender(), outcome.offense().expiresAt());
            jails.unban(event.jail(), event.ip().asPrefix());
        }
        if (decided.subnetBanned()) {
            enforceSubnet(decided.outcomes().get(1).offense(), decided.inside(), event.at());
        }
        return decided.outcomes();
    }

    /** What one event led to, and the offenses inside its subnet when that subnet was banned. */
    private record Decided(List<Outcome> outcomes, List<Offense> inside, boolean subnetBanned) {
        Decided(Outcome only) {
            this(List.of(only), List.of(), false);
        }
    }

    private Decided decideAndRecord(BanEvent event) {
        Outcome outcome = recordOne(event);
        if (outcome.result() != Result.OFFENSE || outcome.offense().knownUser()) {
            // a known user's address never counts toward a subnet
            return new Decided(outcome);
        }
        Optional<IpPrefix> subnet = escalator.policy().subnetOf(outcome.offender());
        if (subnet.isEmpty()) {
            return new Decided(outcome);
        }
        Instant at = event.at();
        List<Offense> inside = history.offensesWithin(subnet.get(), at.minus(escalator.policy().subnetWindow()));
        Optional<Outcome> decided = escalator.decideSubnet(event, subnet.get(), inside,
                history.history(subnet.get(), escalator.historySince(at)));
        if (decided.isEmpty()) {
            return new Decided(outcome);
        }
        Outcome subnetOutcome = decided.get();
        Optional<SparedSubnet> spared = escalator.spared(subnetOutcome, inside);
        if (spared.isPresent()) {
            return recorder.recordSpared(spared.get()) ? new Decided(List.of(outcome, subnetOutcome), inside, false)
                    : new Decided(outcome);
        }
        boolean banned = false;
        if (subnetOutcome.result() == Result.OFFENSE) {
            subnetOutcome = fleet.stamp(subnetOutcome);
            if (recorder.record(subnetOutcome)) {
                fleet.recorded(subnetOutcome);
                banned = true;
            } else {
                subnetOutcome = duplicate(subnetOutcome.event());
            }
        }
        return new Decided(List.of(outcome, subnetOutcome), inside, banned);
    }

    /**
     * Bans the subnet in the jail of its strike. A set of networks refuses a network that overlaps
     * an address it already holds, so the subnet's addresses banned in that same jail are lifted
     * first; the subnet ban covers them.
     */
    private void enforceSubnet(Offense subnetOffense, List<Offense> inside, Instant at) {
        for (Offense o : inside) {
            if (!o.offender().equals(subnetOffense.offender()) && o.activeAt(at) && o.jail().equals(subnetOffense.jail())) {
                // fail2ban's own strike-1 ban holds the address; saslfail's tier bans hold the offender
                jails.unban(o.jail(), o.ip().asPrefix());
                if (!o.offender().isHost()) {
                    jails.unban(o.jail(), o.offender());
                }
            }
        }
        jails.ban(subnetOffense.jail(), subnetOffense.offender(), subnetOffense.expiresAt());
    }

    private Outcome recordOne(BanEvent event) {
        if (history.seen(event.key())) {
            return duplicate(event);
        }
        List<Offense> known = history.history(escalator.policy().offenderOf(event.ip()), escalator.historySince(event.at()));
        Outcome outcome = fleet.stamp(escalator.decide(event, known, logins(event)));
        if (!recorder.record(outcome)) {
            return duplicate(event);
        }
        fleet.recorded(outcome);
        return outcome;
    }

    private List<Login> logins(BanEvent event) {
        if (knownUsers == null || event.kind() != BanEvent.Kind.BAN || !escalator.policy().knownUsers().on()) {
            return List.of();
        }
        return knownUsers.logins(Login.keyOf(event.ip()), escalator.policy().knownUsers().since(event.at()),
                LOGINS_PER_DECISION);
    }

    private Outcome duplicate(BanEvent event) {
        return new Outcome(event, Result.DUPLICATE, escalator.policy().offenderOf(event.ip()), null, null, "seen before");
    }
}
