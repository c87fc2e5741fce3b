package org.saslfail.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.OffenderUseCase;
import org.saslfail.core.port.in.StatusUseCase;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.in.TopOffendersUseCase;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.ActiveBanPage;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Standing;

/** The report queries that apply the escalation rules to what the store holds. */
public final class ReportService implements StatusUseCase, OffenderUseCase, TopOffendersUseCase {
    private final EscalationPolicy policy;
    private final List<Service> services;
    private final ReportQueryPort reports;
    private final KnownUserPort knownUsers;

    /**
     * @param services   the enabled services: per-service history has one standing for each
     * @param knownUsers the learned logins (null: no address is a known user's)
     */
    public ReportService(EscalationPolicy policy, List<Service> services, ReportQueryPort reports, KnownUserPort knownUsers) {
        this.policy = policy;
        this.services = List.copyOf(services);
        this.reports = reports;
        this.knownUsers = knownUsers;
    }

    /** @param services the enabled services: per-service history has one standing for each */
    public ReportService(EscalationPolicy policy, List<Service> services, ReportQueryPort reports) {
        this(policy, services, reports, null);
    }

    @Override
    public ActiveBanPage activeBans(StatusQuery query) {
        return reports.activeBans(query.at(), policy.forgetAfter(), policy.history(), query.limit());
    }

    @Override
    public TopOffenders top(TopOffendersQuery q) {
        Instant now = q.now();
        Escalator escalator = new Escalator(policy);
        List<OffenderStat> stats = reports.byOffender(q.limit());
        // the offenses that can still count, of the listed offenders only: one indexed probe each
        Map<IpPrefix, List<Offense>> recent = new HashMap<>();
        for (Offense o : reports.offensesOf(stats.stream().map(OffenderStat::offender).toList(), escalator.historySince(now))) {
            recent.computeIfAbsent(o.offender(), k -> new ArrayList<>()).add(o);
        }
        List<OffenderStanding> top = new ArrayList<>();
        for (OffenderStat s : stats) {
            List<Offense> mine = recent.getOrDefault(s.offender(), List.of());
            top.add(new OffenderStanding(s, mine.stream().filter(o -> escalator.counts(o, now)).count(),
                    escalator.standing(mine, now, services), KnownUserLookup.at(knownUsers, policy, s.offender(), now)));
        }
        return new TopOffenders(top, stats.size() < q.limit() ? 0 : reports.countOffenders() - stats.size());
    }

    @Override
    public OffenderRecord offender(OffenderQuery q) {
        IpPrefix asked = q.asked();
        Instant now = q.now();
        IpPrefix key = asked.isHost() ? policy.offenderOf(asked.network()) : asked;
        Map<String, Offense> merged = new TreeMap<>();
        for (Offense o : reports.offensesCovering(key)) {
            merged.put(o.at().toEpochMilli() + "|" + o.offender() + "|" + o.jail(), o);
        }
        if (!asked.isHost()) {
            for (Offense o : reports.offensesWithin(key)) {
                merged.put(o.at().toEpochMilli() + "|" + o.offender() + "|" + o.jail(), o);
            }
        }
        List<Offense> offenses = new ArrayList<>(merged.values());
        offenses.sort(Comparator.comparing(Offense::at));
        Offense active = offenses.stream().filter(o -> o.activeAt(now))
                .max(Comparator.comparingInt(Offense::strike).thenComparing(Offense::at)).orElse(null);
        Escalator escalator = new Escalator(policy);
        List<Standing> standing = escalator.standing(
                offenses.stream().filter(o -> o.offender().equals(key)).toList(), now, services);
        List<Boolean> counts = offenses.stream().map(o -> escalator.counts(o, now)).toList();
        String narrowed = asked.isHost() ? policy.scopeOf(asked.network()).narrowing().orElse(null) : null;
        return new OffenderRecord(asked, key, List.copyOf(offenses), counts, active, standing, narrowed,
                KnownUserLookup.at(knownUsers, policy, key, now));
    }
}
