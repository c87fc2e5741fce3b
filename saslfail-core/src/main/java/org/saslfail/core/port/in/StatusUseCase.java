package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.report.ActiveBan;

/** The bans running now ({@code saslfail status}), each with the offenses that count for its offender's next decision. */
public interface StatusUseCase {

    record StatusQuery(Instant at) {
    }

    /** Highest strike first; offense counts by the engine's counting rule (forget_after, history mode). */
    List<ActiveBan> activeBans(StatusQuery query);
}
