package org.saslfail.core.service;

import java.util.List;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.ByDayUseCase;
import org.saslfail.core.port.in.HistoryUseCase;
import org.saslfail.core.port.in.RepeatOffendersUseCase;
import org.saslfail.core.port.in.ReportSummaryUseCase;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.LeftOut;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;

/** The reports' queries: what the store holds, with the policy's counting window and ban refusals applied. */
public final class ReportQueryService implements ReportSummaryUseCase, ByDayUseCase, RepeatOffendersUseCase, HistoryUseCase {
    private final EscalationPolicy policy;
    private final ReportQueryPort reports;

    public ReportQueryService(EscalationPolicy policy, ReportQueryPort reports) {
        this.policy = policy;
        this.reports = reports;
    }

    @Override
    public Summary summary(SummaryQuery q) {
        return reports.summary(q.now());
    }

    @Override
    public History history(HistoryQuery q) {
        List<HistoryEntry> entries = reports.history(q);
        if (entries.size() < q.limit()) {
            return new History(entries, LeftOut.NONE);
        }
        return new History(entries, LeftOut.of(entries.size(), reports.countHistory(q, LeftOut.countUpTo(entries.size()))));
    }

    @Override
    public List<DayStat> byDay(ByDayQuery q) {
        return reports.byDay(q.zone(), q.days());
    }

    @Override
    public List<OffenderStat> repeatOffenders(RepeatOffendersQuery q) {
        List<OffenderStat> stats = q.since() != null
                ? reports.repeatOffenders(q.minStrike(), q.threshold(), q.since())
                : reports.repeatOffenders(q.minStrike(), q.threshold(), new Escalator(policy).countingWindow(q.now(), null));
        return stats.stream().filter(s -> policy.refusal(s.offender()).isEmpty()).toList();
    }
}
