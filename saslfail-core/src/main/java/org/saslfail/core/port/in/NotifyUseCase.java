package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.Outcome;

/** The daemon's side of notifications: feed it outcomes, and call {@link #tick()} when it asks. */
public interface NotifyUseCase {

    /** Takes an escalation outcome into account; outcomes that deserve no mail are ignored. */
    void notice(Outcome outcome, List<String> usernames);

    /**
     * Queues whatever is due now (alerts, scheduled summaries) and hands the outbox to the MTA.
     * Returns when to call again at the latest; a new {@link #notice} may need an earlier call.
     */
    Instant tick();
}
