package org.saslfail.core.port.out;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.notify.OutboxEntry;
import org.saslfail.core.notify.RenderedMail;

/** The durable queue of mail not yet handed to the MTA; it survives restarts. */
public interface OutboxPort {

    /** Queues {@code mail}, due at once; returns false, changing nothing, when its key was queued before. */
    boolean enqueue(RenderedMail mail, Instant now);

    /** Unsent entries due at {@code now} (next attempt not after it), oldest first, at most {@code limit}. */
    List<OutboxEntry> due(Instant now, int limit);

    /** Marks an entry sent; it is never returned by {@link #due} again. */
    void markSent(long id, Instant at);

    /** Counts a failed attempt and sets when to try again; {@code error} is kept for the administrator. */
    void markFailed(long id, Instant nextAttempt, String error);

    /** How many entries are not sent yet. */
    int pending();

    /**
     * Deletes entries sent before {@code sentBefore}, so the queue does not grow without end;
     * their keys are forgotten too. Returns how many were deleted.
     */
    int purgeSent(Instant sentBefore);
}
