package org.saslfail.core.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.port.in.ReconcileUseCase;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailEnforcementPort.JailCommand;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.ActiveBan;

/**
 * Reconciles the jails with the store: reads each jail's ban list once, then sends only what is
 * missing (bans) or wrong (strike-1 bans of tier offenders, bans the ignore list now spares).
 */
public final class ReconcileService implements ReconcileUseCase {
    private final EscalationPolicy policy;
    private final ReportQueryPort reports;
    private final JailAdminPort jails;
    private final JailEnforcementPort enforcement;
    private final Fleet fleet;

    public ReconcileService(EscalationPolicy policy, ReportQueryPort reports, JailAdminPort jails,
                            JailEnforcementPort enforcement) {
        this(policy, reports, jails, enforcement, null);
    }

    /**
     * @param fleet this node in a fleet ({@code null}: none): other nodes' bans are enforced where
     *              {@link Fleet#localJail} says, and not at all when out of {@code fleet.scope}
     */
    public ReconcileService(EscalationPolicy policy, ReportQueryPort reports, JailAdminPort jails,
                            JailEnforcementPort enforcement, Fleet fleet) {
        this.fleet = fleet;
        this.policy = policy;
        this.reports = reports;
        this.jails = jails;
        this.enforcement = enforcement;
    }

    @Override
    public Reconciled reconcile(ReconcileCommand c) {
        Set<JailName> strikeOne = policy.strikeOneJails().keySet();
        List<ActiveBan> active = new ArrayList<>();
        for (ActiveBan b : reports.activeBans(c.now())) {
            if (fleet == null) {
                active.add(b);
            } else {
                fleet.localJail(b.node(), b.jail(), b.strike(), strikeOne).ifPresent(j -> active.add(j.equals(b.jail()) ? b
                        : new ActiveBan(b.offender(), b.strike(), j, b.service(), b.bannedAt(), b.expiresAt(),
                        b.offenses(), b.offensesTotal(), b.node())));
            }
        }
        Set<JailName> running = jails.runningJails();
        Set<JailName> wanted = new LinkedHashSet<>(strikeOne);
        wanted.addAll(policy.tierJails());
        active.forEach(b -> wanted.add(b.jail()));
        Set<JailName> missing = new LinkedHashSet<>();
        Map<JailName, Map<IpPrefix, List<IpPrefix>>> held = new HashMap<>();
        for (JailName jail : wanted) {
            if (!running.contains(jail)) {
                missing.add(jail);
                continue;
            }
            Map<IpPrefix, List<IpPrefix>> byOffender = new HashMap<>();
            for (IpPrefix p : jails.held(jail)) {
                IpPrefix offender = p.isHost() ? policy.offenderOf(p.network()) : p;
                byOffender.computeIfAbsent(offender, k -> new ArrayList<>()).add(p);
            }
            held.put(jail, byOffender);
        }
        List<JailCommand> todo = new ArrayList<>();
        int already = 0;
        for (ActiveBan b : active) {
            Map<IpPrefix, List<IpPrefix>> inJail = held.get(b.jail());
            if (policy.refusal(b.offender()).isPresent()) {
                // stored before its address joined the ignore list: never re-applied, and lifted where the jail holds it
                for (IpPrefix e : inJail == null ? List.<IpPrefix>of() : inJail.getOrDefault(b.offender(), List.of())) {
                    todo.add(new JailCommand(b.jail(), e, Op.UNBAN));
                }
                continue;
            }
            if (inJail == null) {
                enforcement.keep(new JailCommand(b.jail(), b.offender(), Op.BAN), "fail2ban has no jail " + b.jail());
                continue;
            }
            if (inJail.containsKey(b.offender())) {
                already++;
            } else {
                todo.add(new JailCommand(b.jail(), b.offender(), Op.BAN));
            }
            if (!strikeOne.contains(b.jail())) {
                for (JailName s1 : strikeOne) {
                    for (IpPrefix e : held.getOrDefault(s1, Map.of()).getOrDefault(b.offender(), List.of())) {
                        todo.add(new JailCommand(s1, e, Op.UNBAN));
                    }
                }
            }
        }
        List<JailCommand> took = todo.isEmpty() ? List.of() : enforcement.enforce(todo);
        int banned = (int) took.stream().filter(t -> t.op() == Op.BAN).count();
        return new Reconciled(banned, took.size() - banned, already, missing);
    }
}
