package org.saslfail.core.port.in;

import java.time.Instant;
import org.saslfail.core.report.Summary;

/** The store at a glance, for {@code saslfail report summary}: offenses by strike, bans running, offenders. */
public interface ReportSummaryUseCase {

    /** @param now the instant whose running bans count as active */
    record SummaryQuery(Instant now) {
    }

    Summary summary(SummaryQuery query);
}
