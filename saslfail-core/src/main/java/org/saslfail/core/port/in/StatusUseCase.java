package org.saslfail.core.port.in;

import java.time.Instant;
import org.saslfail.core.report.ActiveBanPage;

/** The bans running now ({@code saslfail status}), each with the offenses that count for its offender's next decision. */
public interface StatusUseCase {

    /** @param limit at most this many bans (the rest are only counted) */
    record StatusQuery(Instant at, int limit) {
        public StatusQuery {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, got " + limit);
            }
        }

        /** Every running ban. */
        public StatusQuery(Instant at) {
            this(at, Integer.MAX_VALUE);
        }
    }

    /** Highest strike first; offense counts by the engine's counting rule (forget_after, history mode). */
    ActiveBanPage activeBans(StatusQuery query);
}
