package org.saslfail.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.saslfail.core.notify.OutboxEntry;
import org.saslfail.core.port.out.MailDeliveryException;
import org.saslfail.core.port.out.MailPort;
import org.saslfail.core.port.out.OutboxPort;

/**
 * Hands due outbox entries to the MTA. An entry the MTA took is marked sent at once and never
 * handed over again; a refused one is retried after 1, 2, 4, … minutes, at most an hour apart.
 * One dispatcher per outbox: the daemon's.
 */
public final class OutboxDispatcher {
    public static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    public static final Duration MAX_RETRY = Duration.ofHours(1);
    public static final int BATCH = 50;

    private final OutboxPort outbox;
    private final MailPort mail;
    private final Clock clock;

    public OutboxDispatcher(OutboxPort outbox, MailPort mail, Clock clock) {
        this.outbox = outbox;
        this.mail = mail;
        this.clock = clock;
    }

    /** Delivers what is due; returns how many were sent. Stops at the first failure (the MTA is likely down). */
    public synchronized int dispatch() {
        int sent = 0;
        for (OutboxEntry e : outbox.due(clock.instant(), BATCH)) {
            try {
                mail.deliver(e.mail());
            } catch (MailDeliveryException ex) {
                outbox.markFailed(e.id(), clock.instant().plus(backoff(e.attempts())), ex.getMessage());
                return sent;
            }
            outbox.markSent(e.id(), clock.instant());
            sent++;
        }
        return sent;
    }

    /** When the earliest unsent entry is due, if any is due within the next hour (a cheap look-ahead). */
    public Optional<Instant> nextDue() {
        Instant horizon = clock.instant().plus(MAX_RETRY);
        return outbox.due(horizon, BATCH).stream().map(e -> e.nextAttemptAt()).min(Instant::compareTo);
    }

    /** The wait after the {@code attempts}-th earlier failure: 1 min doubling, capped at {@link #MAX_RETRY}. */
    public static Duration backoff(int attempts) {
        if (attempts >= 6) {
            return MAX_RETRY;
        }
        Duration d = FIRST_RETRY.multipliedBy(1L << attempts);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }
}
