package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.Login;
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
     * @param knownUsers       the logins that make it a known user's address now, newest first (empty: none)
     */
    record OffenderStanding(OffenderStat stat, long countingOffenses, List<Standing> standing, List<Login> knownUsers) {
        public OffenderStanding {
            standing = List.copyOf(standing);
            knownUsers = List.copyOf(knownUsers);
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
