package org.saslfail.core.report;

import java.time.Instant;
import java.util.Map;

/**
 * Totals over the whole history. Restores and repeats are counted apart and never as offenses.
 * {@code first}/{@code last} are null on an empty store.
 */
public record Summary(long offenses, Map<Integer, Long> offensesByStrike, Map<String, Long> offensesByService,
                      long uniqueOffenders, long restores, long repeats, long offensesLast24h, long activeBans,
                      Instant first, Instant last) {
    public Summary {
        offensesByStrike = Map.copyOf(offensesByStrike);
        offensesByService = Map.copyOf(offensesByService);
    }
}
