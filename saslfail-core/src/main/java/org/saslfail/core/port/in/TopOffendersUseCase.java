package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Standing;

/** The offenders with the most offenses on record and where each stands now, for {@code saslfail report by-ip}. */
public interface TopOffendersUseCase {

    /** @param limit at most this many offenders; @param now the instant standings are taken at */
    record TopOffendersQuery(int limit, Instant now) {
    }

    /**
     * One offender of the list.
     *
     * @param countingOffenses its offenses that still count at {@code now}
     * @param standing         its standing per history (one, or one per service under per-service history)
     */
    record OffenderStanding(OffenderStat stat, long countingOffenses, List<Standing> standing) {
        public OffenderStanding {
            standing = List.copyOf(standing);
        }
    }

    /** The offenders the limit let through, and how many more have an offense on record ({@code leftOut}). */
    record TopOffenders(List<OffenderStanding> offenders, long leftOut) {
        public TopOffenders {
            offenders = List.copyOf(offenders);
        }
    }

    TopOffenders top(TopOffendersQuery query);
}
