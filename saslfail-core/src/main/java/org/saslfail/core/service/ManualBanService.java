package org.saslfail.core.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.InvalidCommandException;
import org.saslfail.core.port.in.ManualBanUseCase;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;

/**
 * A ban by hand: an offense of the first enabled service, numbered by the same counting rule
 * the engine uses ({@link Escalator#countingWindow}), recorded, then enforced in its jail.
 */
public final class ManualBanService implements ManualBanUseCase {
    private final Escalator escalator;
    private final EscalationPolicy policy;
    private final List<Service> services;
    private final LoadHistoryPort history;
    private final RecordOutcomePort recorder;
    private final ForgetHistoryPort lifts;
    private final DaemonStore state;
    private final JailAdminPort jails;
    private final FleetPublisher fleet;
    private final Optional<BanSetPort> banSet;

    /**
     * @param services the enabled services; a hand ban is an offense of the first
     * @param banSet   saslfail's own ban set ({@code enforcement = nftables}), or empty when fail2ban enforces every ban
     */
    public ManualBanService(Escalator escalator, List<Service> services, LoadHistoryPort history,
                            RecordOutcomePort recorder, ForgetHistoryPort lifts, DaemonStore state, JailAdminPort jails,
                            Optional<BanSetPort> banSet) {
        this(escalator, services, history, recorder, lifts, state, jails, banSet, FleetPublisher.NONE);
    }

    /** @param fleet announces the ban (and the lift of a running one it replaces) to the other fleet nodes */
    public ManualBanService(Escalator escalator, List<Service> services, LoadHistoryPort history,
                            RecordOutcomePort recorder, ForgetHistoryPort lifts, DaemonStore state, JailAdminPort jails,
                            Optional<BanSetPort> banSet, FleetPublisher fleet) {
        this.fleet = fleet;
        this.escalator = escalator;
        this.policy = escalator.policy();
        this.services = List.copyOf(services);
        this.history = history;
        this.recorder = recorder;
        this.lifts = lifts;
        this.state = state;
        this.jails = jails;
        this.banSet = banSet;
    }

    @Override
    public ManualBan ban(ManualBanCommand c) {
        AdminTarget target = c.target();
        IpPrefix offender = target.offender();
        policy.refusal(offender).ifPresent(why -> {
            throw new InvalidCommandException(why);
        });
        int highest = Math.max(policy.ladder().size(), policy.permanentAfter());
        Integer strike = c.strike().orElse(null);
        if (strike != null && (strike < 1 || strike > highest)) {
            throw new InvalidCommandException("--strike must be between 1 and " + highest + ", got " + strike);
        }
        LiftService.requireReachable(jails);
        Instant exact = c.at();
        // recorded in whole seconds, as fail2ban records its ban: its row must find this offense running
        Instant now = exact.truncatedTo(ChronoUnit.SECONDS);
        List<Offense> known = history.history(offender, escalator.historySince(now));
        Optional<Offense> running = known.stream().filter(o -> o.activeAt(exact)).reduce((a, b) -> b);
        if (running.isPresent() && strike == null) {
            Offense o = running.get();
            return new ManualBan(true, o, o.jail(), 0);
        }
        Service service = services.get(0);
        JailName strikeOneJail = JailName.strikeOne(service);
        CountingWindow window = escalator.countingWindow(now, service);
        int number = strike != null ? strike : (int) known.stream().filter(window::counts).count() + 1;
        JailName jail = number == 1 && policy.banLength(1).isPresent() ? strikeOneJail : policy.tierJail(number);
        Offense offense = fleet.atomically(policy.decisionKey(offender),
                () -> record(offender, service, strikeOneJail, jail, number, now, running.isPresent()));
        if (running.isPresent()) {
            jails.unban(running.get().jail(), List.of(offender));
            banSet.filter(BanSetPort::exists).ifPresent(set -> set.apply(List.of(), List.of(offender)));
        }
        try {
            jails.ban(jail, List.of(offender));
            if (!jail.equals(strikeOneJail)) {
                liftFromStrikeOne(target);
            }
        } catch (JailUnavailableException e) {
            state.pending(jail, offender, DaemonStore.Op.BAN, now, now, e.getMessage());
            throw new JailUnavailableException("recorded the ban of " + offender + ", but fail2ban did not "
                    + "take it (" + e.getMessage() + "); the daemon retries it", e);
        }
        return new ManualBan(false, offense, jail, number, enforceInBanSet(jail, offense));
    }

    /**
     * Under {@code enforcement = nftables}, puts a ban saslfail owns (tier, subnet, permanent) into
     * its ban set now. Returns a note when the set is not there yet: the daemon loads every running
     * ban, this one included, when it starts or finds the set missing.
     */
    private Optional<String> enforceInBanSet(JailName jail, Offense offense) {
        if (banSet.isEmpty() || !policy.ownBan(jail, offense.offender())) {
            return Optional.empty();
        }
        if (!banSet.get().exists()) {
            return Optional.of("saslfail's nftables table is not loaded yet; the daemon loads this ban with every other"
                    + " running one when it starts");
        }
        banSet.get().apply(List.of(new BanSetPort.Element(offense.offender(), offense.expiresAt())), List.of());
        return Optional.empty();
    }

    /** Lifts the target from the strike-1 jails (it now sits in a tier jail). */
    private void liftFromStrikeOne(AdminTarget target) {
        Set<JailName> running = jails.runningJails();
        for (Service s : services) {
            JailName jail = JailName.strikeOne(s);
            if (running.contains(jail)) {
                jails.unban(jail, target.forms());
            }
        }
    }

    /** Lifts the running ban it replaces, if any, and records the offense; returns it. */
    private Offense record(IpPrefix offender, Service service, JailName strikeOneJail, JailName jail, int number,
                           Instant now, boolean replacesRunning) {
        if (replacesRunning) {
            lifts.lift(offender, now);
            fleet.lifted(offender, now);
        }
        Instant at = now;
        Offense offense = null;
        // a second hand ban of the same address within one second (after an unban) would share the
        // first one's event key, and fail2ban's row of this second is already accounted for by it:
        // a millisecond later is a key of its own and still a running ban now
        for (int attempt = 0; attempt < 2; attempt++, at = at.plusMillis(1)) {
            offense = new Offense(offender, offender.network(), service, Math.min(number, policy.ladder().size()), jail,
                    at, policy.banLength(number).map(at::plus).orElse(null), null, List.of(), fleet.node());
            BanEvent event = new BanEvent(BanEvent.Kind.BAN, strikeOneJail, offender.network(), at);
            if (recorder.record(new Outcome(event, Outcome.Result.OFFENSE, offender, service, offense,
                    "banned by hand (saslfail ban), offense " + number))) {
                fleet.ban(offense);
                break;
            }
        }
        return offense;
    }
}
