package org.saslfail.core.report;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;

/** Filters for the history listing; {@code null} means no bound. Newest first, at most {@code limit}. */
public record HistoryQuery(Instant since, Instant until, IpPrefix within, int limit) {
    public HistoryQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }
}
