package org.saslfail.core.port.in;

import java.util.List;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.LeftOut;

/** The recorded events, newest first, for {@code saslfail list}; the query record is its command. */
public interface HistoryUseCase {

    /**
     * The events the query's limit let through, and how many more matched ({@code leftOut}: counted
     * up to {@link LeftOut#COUNT_CAP}, so that a listing of a fleet's millions answers at once).
     */
    record History(List<HistoryEntry> entries, LeftOut leftOut) {
        public History {
            entries = List.copyOf(entries);
        }
    }

    History history(HistoryQuery query);
}
