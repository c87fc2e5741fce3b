package org.saslfail.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;

/**
 * The escalation decision, as a pure function of the policy, one event and the offender's
 * known offenses. It never looks at a clock: the event's own time is "now".
 */
public final class Escalator {
    private final EscalationPolicy policy;

    public Escalator(EscalationPolicy policy) {
        this.policy = policy;
    }

    public EscalationPolicy policy() {
        return policy;
    }

    /** The earliest offense time that can still matter to an event at {@code at}. */
    public Instant historySince(Instant at) {
        return at.minus(policy.forgetAfter());
    }

    /**
     * Decides one event.
     *
     * @param known the offender's offenses that began at or after {@link #historySince} of the
     *              event time, plus any whose ban had not ended by then; oldest first
     */
    public Outcome decide(BanEvent event, List<Offense> known) {
        IpPrefix offender = policy.offenderOf(event.ip());
        Optional<Service> service = policy.serviceOf(event.jail());
        Optional<IpPrefix> ignoredBy = policy.ignoredBy(event.ip());
        if (ignoredBy.isPresent()) {
            return new Outcome(event, Result.IGNORED, offender, service.orElse(null), null, "ignored by " + ignoredBy.get());
        }
        Instant at = event.at();
        return switch (event.kind()) {
            case UNBAN -> unban(event, offender, service.orElse(null), known);
            case RESTORE -> new Outcome(event, Result.RESTORE, offender, service.orElse(null), null,
                    "restored by fail2ban at its restart");
            case BAN -> service.isEmpty()
                    ? new Outcome(event, Result.NOT_WATCHED, offender, null, null, "not a strike-1 jail")
                    : ban(event, offender, service.get(), at, known);
        };
    }

    private Outcome ban(BanEvent event, IpPrefix offender, Service service, Instant at, List<Offense> known) {
        Instant since = historySince(at);
        int counted = 0;
        Offense active = null;
        for (Offense o : known) {
            if (policy.history() == HistoryMode.PER_SERVICE && o.service() != service) {
                continue;
            }
            if (o.activeAt(at)) {
                active = o;
            }
            if (o.at().isAfter(since) && !o.at().isAfter(at)) {
                counted++;
            }
        }
        if (active != null) {
            return new Outcome(event, Result.REPEAT, offender, service, active,
                    "already banned at strike " + active.strike() + " in " + active.jail());
        }
        int number = counted + 1;
        Optional<Duration> length = policy.banLength(number);
        int strike = Math.min(number, policy.ladder().size());
        JailName jail = number == 1 && length.isPresent() ? event.jail() : policy.tierJail(number);
        Instant expires = length.map(at::plus).orElse(null);
        Offense offense = new Offense(offender, event.ip(), service, strike, jail, at, expires, null);
        return new Outcome(event, Result.OFFENSE, offender, service, offense, "offense " + number + ", strike " + strike);
    }

    private Outcome unban(BanEvent event, IpPrefix offender, Service service, List<Offense> known) {
        for (Offense o : known) {
            if (o.jail().equals(event.jail()) && o.activeAt(event.at())) {
                return new Outcome(event, Result.UNBAN, offender, o.service(), o.liftedAt(event.at()),
                        "lifted strike " + o.strike() + " ban early");
            }
        }
        return new Outcome(event, Result.UNBAN, offender, service, null, "");
    }
}
