package org.saslfail.core.port.in;

import java.time.ZoneId;
import java.util.List;
import org.saslfail.core.report.DayStat;

/** Offenses per local calendar day, newest first, for {@code saslfail report by-date}. */
public interface ByDayUseCase {

    /** @param zone whose calendar days count; @param days how many days back from today */
    record ByDayQuery(ZoneId zone, int days) {
    }

    List<DayStat> byDay(ByDayQuery query);
}
