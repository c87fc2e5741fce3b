package org.saslfail.core.notify;

import java.time.Instant;
import java.util.Objects;

/** A queued mail: its outbox id, how often delivery failed so far, and when it is next due. */
public record OutboxEntry(long id, RenderedMail mail, Instant enqueuedAt, int attempts, Instant nextAttemptAt) {
    public OutboxEntry {
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }
}
