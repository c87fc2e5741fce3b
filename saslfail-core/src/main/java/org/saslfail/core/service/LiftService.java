package org.saslfail.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.ForgiveUseCase;
import org.saslfail.core.port.in.LiftBanUseCase;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.core.port.out.ReportQueryPort;

/** Lifting bans by hand: {@code unban} keeps the history, {@code forgive} erases it too. */
public final class LiftService implements LiftBanUseCase, ForgiveUseCase {
    private final EscalationPolicy policy;
    private final List<Service> services;
    private final ForgetHistoryPort history;
    private final ReportQueryPort reports;
    private final DaemonStore state;
    private final JailAdminPort jails;
    private final FleetPublisher fleet;
    private final Optional<BanSetPort> banSet;

    /**
     * @param services the enabled services, whose strike-1 jails are saslfail's besides the tier jails
     * @param banSet   saslfail's own ban set ({@code enforcement = nftables}), or empty when fail2ban enforces every ban
     */
    public LiftService(EscalationPolicy policy, List<Service> services, ForgetHistoryPort history,
                       ReportQueryPort reports, DaemonStore state, JailAdminPort jails, Optional<BanSetPort> banSet) {
        this(policy, services, history, reports, state, jails, banSet, FleetPublisher.NONE);
    }

    /** @param fleet announces each lift to the other fleet nodes, in the transaction that records it */
    public LiftService(EscalationPolicy policy, List<Service> services, ForgetHistoryPort history,
                       ReportQueryPort reports, DaemonStore state, JailAdminPort jails, Optional<BanSetPort> banSet,
                       FleetPublisher fleet) {
        this.fleet = fleet;
        this.policy = policy;
        this.services = List.copyOf(services);
        this.history = history;
        this.reports = reports;
        this.state = state;
        this.jails = jails;
        this.banSet = banSet;
    }

    @Override
    public Lifted lift(LiftBanCommand c) {
        requireReachable(jails);
        return liftEverywhere(c.target(), c);
    }

    @Override
    public Forgiven forgive(ForgiveCommand c) {
        requireReachable(jails);
        int offenses = reports.offensesWithin(c.target().offender()).size();
        if (!c.confirm().test(offenses)) {
            return new Forgiven(false, 0, List.of());
        }
        List<JailName> lifted = liftEverywhere(c.target(), new LiftBanCommand(c.target(), c.at())).jails();
        return new Forgiven(true, history.forget(c.target().offender()), lifted);
    }

    private Lifted liftEverywhere(AdminTarget target, LiftBanCommand c) {
        LiftedBans bans = fleet.atomically(policy.decisionKey(target.offender()), () -> {
            List<IpPrefix> running = runningInside(target.offender(), c.at());
            int n = history.lift(target.offender(), c.at());
            // the other nodes lift what this one lifts: the network as typed, and each ban inside it
            fleet.lifted(target.offender(), c.at());
            running.stream().filter(o -> !o.equals(target.offender())).forEach(o -> fleet.lifted(o, c.at()));
            return new LiftedBans(n, running);
        });
        // a network's unban ends every ban inside it, so each of those leaves the jails too, not the network alone
        List<IpPrefix> forms = new ArrayList<>(target.forms());
        bans.offenders().stream().filter(o -> !forms.contains(o)).forEach(forms::add);
        forms.forEach(state::dropPending);
        Set<JailName> running = jails.runningJails();
        List<JailName> lifted = new ArrayList<>();
        for (JailName jail : saslfailJails(services, policy)) {
            if (running.contains(jail) && jails.unban(jail, forms) > 0) {
                lifted.add(jail);
            }
        }
        // saslfail's own ban set lets the address in at once, not at the daemon's next check
        banSet.filter(BanSetPort::exists).ifPresent(set -> set.apply(List.of(), forms));
        return new Lifted(bans.count(), lifted);
    }

    private record LiftedBans(int count, List<IpPrefix> offenders) {
    }

    /** The offenders inside {@code prefix} whose ban a lift at {@code at} ends ({@link Offense#liftableAt}). */
    private List<IpPrefix> runningInside(IpPrefix prefix, Instant at) {
        return reports.offensesWithin(prefix).stream().filter(o -> o.liftableAt(at)).map(Offense::offender).distinct().toList();
    }

    /** saslfail's jails: the strike-1 jails of the enabled services, then the tier jails. */
    static Set<JailName> saslfailJails(List<Service> services, EscalationPolicy policy) {
        Set<JailName> all = new LinkedHashSet<>();
        services.forEach(s -> all.add(JailName.strikeOne(s)));
        all.add(org.saslfail.core.policy.Fleet.REMOTE_STRIKE_ONE_JAIL);
        all.addAll(policy.tierJails());
        return all;
    }

    /** Fails with one line, before anything changes, when the jails cannot be reached. */
    static void requireReachable(JailAdminPort jails) {
        try {
            jails.requireReachable();
        } catch (JailUnavailableException e) {
            throw new JailUnavailableException(e.getMessage() + "; nothing was changed", e);
        }
    }
}
