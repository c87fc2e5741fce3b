package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.report.OffenderStat;

/**
 * The offenders worth a firewall list of their own ({@code saslfail blacklist}): at least
 * {@code threshold} offenses that reached strike {@code minStrike}. One list for the whole address:
 * a firewall list blocks every service, so the offenses of all services count together. Offenders
 * the policy may never ban (ignored or own addresses) are left out.
 */
public interface RepeatOffendersUseCase {

    /**
     * @param since count offenses from this instant; null for the offenses that still count ({@code forget_after})
     * @param now   the instant the counting window ends
     */
    record RepeatOffendersQuery(int minStrike, int threshold, Instant since, Instant now) {
    }

    List<OffenderStat> repeatOffenders(RepeatOffendersQuery query);
}
