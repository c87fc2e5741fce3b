package org.saslfail.core.port.in;

import java.util.List;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;

/** The recorded events, newest first, for {@code saslfail list}; the query record is its command. */
public interface HistoryUseCase {

    List<HistoryEntry> history(HistoryQuery query);
}
