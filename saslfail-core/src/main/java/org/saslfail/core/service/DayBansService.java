package org.saslfail.core.service;

import java.time.Instant;
import org.saslfail.core.port.in.DayBansUseCase;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.report.BanPage;

/** One day's bans, every strike, known user or not: the day is the only bound. */
public final class DayBansService implements DayBansUseCase {
    private final SummaryQueryPort summaries;

    public DayBansService(SummaryQueryPort summaries) {
        this.summaries = summaries;
    }

    @Override
    public BanPage bans(DayBansQuery q) {
        Instant from = q.day().atStartOfDay(q.zone()).toInstant();
        Instant to = q.day().plusDays(1).atStartOfDay(q.zone()).toInstant();
        return summaries.newBans(from, to, 1, Integer.MAX_VALUE, false, Integer.MAX_VALUE);
    }
}
