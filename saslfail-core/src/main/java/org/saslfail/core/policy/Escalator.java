package org.saslfail.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.model.Texts;
import org.saslfail.core.report.Standing;

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
     * The rule for which offenses count at {@code t}: an offense counts iff its time is after
     * {@code t - forget_after} and not after {@code t}, and, under per-service history, only for
     * decisions about its own service.
     *
     * @param service the service the decision is about; ignored under shared history
     */
    public CountingWindow countingWindow(Instant t, Service service) {
        return new CountingWindow(historySince(t), t, policy.history() == HistoryMode.PER_SERVICE ? service : null);
    }

    /** Whether offense {@code o} still counts at {@code t} in its own service's history. */
    public boolean counts(Offense o, Instant t) {
        return countingWindow(t, o.service()).counts(o);
    }

    /**
     * An offender's standing at {@code t}: one entry for the shared history, or one per service
     * of {@code services} under per-service history.
     *
     * @param offenses the offender's offenses (any that no longer count are skipped)
     */
    public List<Standing> standing(List<Offense> offenses, Instant t, List<Service> services) {
        List<Service> histories = policy.history() == HistoryMode.PER_SERVICE ? services : Collections.singletonList(null);
        List<Standing> out = new ArrayList<>(histories.size());
        for (Service s : histories) {
            CountingWindow w = countingWindow(t, s);
            int counting = (int) offenses.stream().filter(w::counts).count();
            out.add(new Standing(s, counting, policy.strikeOf(counting + 1), policy.banLength(counting + 1).orElse(null)));
        }
        return List.copyOf(out);
    }

    /**
     * Decides one event.
     *
     * @param known the offender's offenses that began at or after {@link #historySince} of the
     *              event time, plus any whose ban had not ended by then; oldest first
     */
    public Outcome decide(BanEvent event, List<Offense> known) {
        return decide(event, known, List.of());
    }

    /**
     * Decides one event, knowing the successful logins from the address.
     *
     * @param known  as for {@link #decide(BanEvent, List)}
     * @param logins logins from the address's known-user key ({@link Login#keyOf}) since
     *               {@link KnownUserRule#since} of the event time; any others are skipped
     */
    public Outcome decide(BanEvent event, List<Offense> known, List<Login> logins) {
        BanScope scope = policy.scopeOf(event.ip());
        IpPrefix offender = scope.offender();
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
            case SUBNET -> new Outcome(event, Result.NOT_WATCHED, offender, service.orElse(null), null,
                    "subnet events are derived by decideSubnet, not decided");
            case BAN -> service.isEmpty()
                    ? new Outcome(event, Result.NOT_WATCHED, offender, null, null, "not a strike-1 jail")
                    : narrowed(coveredLater(ban(event, offender, service.get(), at, known, logins), known), scope);
        };
    }

    /**
     * The cascade rule whatever order events arrive in: an offense already on record that began after
     * this event, while the ban this event would get still ran, makes this event a repeat (in time
     * order that later ban would have been the repeat). Two fleet nodes banning one offender a second
     * apart, decided in the wrong order, thus make one offense, not two.
     */
    private Outcome coveredLater(Outcome o, List<Offense> known) {
        if (o.result() != Result.OFFENSE) {
            return o;
        }
        Offense mine = o.offense();
        for (Offense k : known) {
            boolean sameHistory = policy.history() != HistoryMode.PER_SERVICE || k.service() == mine.service();
            if (sameHistory && k.at().isAfter(mine.at()) && (mine.expiresAt() == null || k.at().isBefore(mine.expiresAt()))
                    && (k.liftedAt() == null || k.liftedAt().isAfter(k.at()))) {
                return new Outcome(o.event(), Result.REPEAT, o.offender(), o.service(), k,
                        "a later ban on record already covers it (strike " + k.strike() + " in " + k.jail()
                                + " from " + k.at() + ")");
            }
        }
        return o;
    }

    /** Says in the outcome's detail when the ban was narrowed to the address: the daemon logs it. */
    private static Outcome narrowed(Outcome o, BanScope scope) {
        return scope.narrowing().filter(n -> o.result() == Result.OFFENSE)
                .map(n -> new Outcome(o.event(), o.result(), o.offender(), o.service(), o.offense(), o.detail() + "; " + n,
                        o.logins()))
                .orElse(o);
    }

    private Outcome ban(BanEvent event, IpPrefix offender, Service service, Instant at, List<Offense> known,
                        List<Login> logins) {
        CountingWindow window = countingWindow(at, service);
        int counted = 0;
        Offense active = null;
        for (Offense o : known) {
            if (window.service() != null && o.service() != window.service()) {
                continue;
            }
            if (o.activeAt(at)) {
                active = o;
            }
            if (window.counts(o)) {
                counted++;
            }
        }
        if (active != null) {
            return new Outcome(event, Result.REPEAT, offender, service, active,
                    "already banned at strike " + active.strike() + " in " + active.jail());
        }
        int number = counted + 1;
        KnownUserRule rule = policy.knownUsers();
        List<Login> knownBy = rule.knownAt(logins, at, service, policy.history());
        if (!knownBy.isEmpty()) {
            return knownUser(event, offender, service, at, number, knownBy);
        }
        Optional<Duration> length = policy.banLength(number);
        int strike = policy.strikeOf(number);
        JailName jail = number == 1 && length.isPresent() ? event.jail() : policy.tierJail(number);
        Instant expires = length.map(at::plus).orElse(null);
        Offense offense = new Offense(offender, event.ip(), service, strike, jail, at, expires, null);
        return new Outcome(event, Result.OFFENSE, offender, service, offense, "offense " + number + ", strike " + strike);
    }

    /**
     * A known user's address: under cap, strike 1 in the strike-1 jail for ladder[0] whatever its
     * history (never escalated, never permanent); under ignore, no offense at all.
     */
    private Outcome knownUser(BanEvent event, IpPrefix offender, Service service, Instant at, int number,
                              List<Login> knownBy) {
        List<String> users = KnownUserRule.users(knownBy);
        String who = "known user " + String.join(", ", users.stream().map(Texts::quoteShort).toList());
        if (policy.knownUsers().mode() == KnownUsers.IGNORE) {
            return new Outcome(event, Result.KNOWN_USER, offender, service, null,
                    who + " logged in from it: not banned (known_users = ignore)", knownBy);
        }
        Offense offense = new Offense(offender, event.ip(), service, 1, event.jail(), at, at.plus(policy.ladder().get(0)),
                null, users);
        return new Outcome(event, Result.OFFENSE, offender, service, offense,
                "offense " + number + ", strike 1 (" + who + " logged in from it: never escalated)", knownBy);
    }

    /**
     * Decides whether {@code subnet} becomes an offender after {@code trigger} was counted as an
     * offense: when at least {@code subnet_threshold} distinct offenders inside it offended within
     * {@code subnet_window} up to the trigger. A subnet holding an ignored address is never banned.
     *
     * @param recentInside offenses inside the subnet since {@code at - subnet_window}, the trigger's included
     * @param subnetKnown  the subnet's own history, as for {@link #decide}
     * @return the subnet's outcome, or empty when the threshold is not reached
     */
    public Optional<Outcome> decideSubnet(BanEvent trigger, IpPrefix subnet, List<Offense> recentInside,
                                          List<Offense> subnetKnown) {
        Instant at = trigger.at();
        int distinct = subnetOffenders(subnet, recentInside, at);
        if (policy.subnetThreshold() == 0 || distinct < policy.subnetThreshold()) {
            return Optional.empty();
        }
        BanEvent event = new BanEvent(BanEvent.Kind.SUBNET, trigger.jail(), subnet.network(), at);
        Service service = policy.serviceOf(trigger.jail()).orElse(Service.POSTFIX);
        Optional<IpPrefix> sparedBy = policy.sparedBy(subnet);
        if (sparedBy.isPresent()) {
            return Optional.of(new Outcome(event, Result.IGNORED, subnet, service, null,
                    distinct + " offenders in " + subnet + " within " + Durations.format(policy.subnetWindow())
                            + " reached subnet_threshold " + policy.subnetThreshold()
                            + ", but it holds an ignored address (" + sparedBy.get() + "): not banned"));
        }
        Outcome decided = ban(event, subnet, service, at, subnetKnown, List.of());
        if (decided.result() == Result.OFFENSE) {
            Offense o = decided.offense();
            // a subnet's first offense is enforced in the strike-1 jail like the addresses it holds
            decided = new Outcome(event, Result.OFFENSE, subnet, service, o,
                    distinct + " offenders in " + subnet + " within " + Durations.format(policy.subnetWindow())
                            + ": subnet strike " + o.strike());
        }
        return Optional.of(decided);
    }

    /**
     * How many distinct offenders inside {@code subnet} (the subnet itself and wider ones not
     * counted) offended within {@code subnet_window} up to {@code at}: (at - window, at]. Offenses
     * of known users' addresses never count toward a subnet.
     */
    public int subnetOffenders(IpPrefix subnet, List<Offense> recentInside, Instant at) {
        Instant windowStart = at.minus(policy.subnetWindow());
        return (int) recentInside.stream()
                .filter(o -> !o.offender().equals(subnet) && o.offender().length() > subnet.length())
                .filter(o -> !o.knownUser())
                .filter(o -> o.at().isAfter(windowStart) && !o.at().isAfter(at))
                .map(Offense::offender).distinct().count();
    }

    /**
     * The fact to record when {@link #decideSubnet} spared a subnet (an IGNORED outcome); empty
     * for any other outcome.
     */
    public Optional<SparedSubnet> spared(Outcome subnetOutcome, List<Offense> recentInside) {
        if (subnetOutcome.result() != Result.IGNORED || subnetOutcome.event().kind() != BanEvent.Kind.SUBNET) {
            return Optional.empty();
        }
        IpPrefix subnet = subnetOutcome.offender();
        Instant at = subnetOutcome.event().at();
        return policy.sparedBy(subnet).map(by -> new SparedSubnet(subnet, by, subnetOffenders(subnet, recentInside, at),
                subnetOutcome.service(), at, at));
    }

    private Outcome unban(BanEvent event, IpPrefix offender, Service service, List<Offense> known) {
        for (Offense o : known) {
            if (o.jail().equals(event.jail()) && o.activeAt(event.at())) {
                if (!EarlyLift.isEarly(o, event.at())) {
                    // fail2ban ending a ban that ran out: an expiry, not a lift
                    return new Outcome(event, Result.UNBAN, offender, o.service(), null,
                            "strike " + o.strike() + " ban expired");
                }
                return new Outcome(event, Result.UNBAN, offender, o.service(), o.liftedAt(event.at()),
                        "lifted strike " + o.strike() + " ban early");
            }
        }
        return new Outcome(event, Result.UNBAN, offender, service, null, "");
    }
}
