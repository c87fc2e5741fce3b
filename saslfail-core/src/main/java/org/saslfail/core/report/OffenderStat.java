package org.saslfail.core.report;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;

/** One offender's totals, for the by-ip report. */
public record OffenderStat(IpPrefix offender, long offenses, int maxStrike, Instant first, Instant last) {
}
