package org.saslfail.core.report;

import java.time.LocalDate;
import java.util.Map;

/** One day's offenses, for the by-date report. */
public record DayStat(LocalDate day, long offenses, Map<Integer, Long> offensesByStrike, long uniqueOffenders) {
    public DayStat {
        offensesByStrike = Map.copyOf(offensesByStrike);
    }
}
