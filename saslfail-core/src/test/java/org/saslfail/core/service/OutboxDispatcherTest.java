package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.saslfail.core.testing.InMemoryOutbox;
import org.saslfail.core.testing.OutboxContract;
import org.saslfail.core.testing.RecordingMailPort;
import org.saslfail.core.testing.TestClock;

class OutboxDispatcherTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-06-10T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final RecordingMailPort mta = new RecordingMailPort();
    private final OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, mta, clock);

    @Test
    void deliveredMailIsMarkedSentAndNeverHandedOverAgain() {
        outbox.enqueue(OutboxContract.mail("a"), clock.instant());
        outbox.enqueue(OutboxContract.mail("b"), clock.instant());
        assertEquals(2, dispatcher.dispatch());
        assertEquals(0, dispatcher.dispatch());
        clock.advance(Duration.ofDays(1));
        assertEquals(0, dispatcher.dispatch());
        assertEquals(2, mta.delivered().size());
        assertEquals(0, outbox.pending());
    }

    @Test
    void aDownMtaKeepsMailQueuedWithGrowingWaitsThenDeliversItOnce() {
        outbox.enqueue(OutboxContract.mail("a"), clock.instant());
        mta.down(true);
        assertEquals(0, dispatcher.dispatch());
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), dispatcher.nextDue().orElseThrow());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, dispatcher.dispatch());
        assertEquals(clock.instant().plus(Duration.ofMinutes(2)), dispatcher.nextDue().orElseThrow());
        assertEquals(1, outbox.pending());
        assertTrue(outbox.lastError(1).contains("down"));

        mta.down(false);
        clock.advance(Duration.ofSeconds(119));
        assertEquals(0, dispatcher.dispatch());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, dispatcher.dispatch());
        assertEquals(0, dispatcher.dispatch());
        assertEquals(1, mta.delivered().size());
    }

    @Test
    void backoffDoublesFromOneMinuteUpToOneHour() {
        assertEquals(Duration.ofMinutes(1), OutboxDispatcher.backoff(0));
        assertEquals(Duration.ofMinutes(32), OutboxDispatcher.backoff(5));
        assertEquals(Duration.ofHours(1), OutboxDispatcher.backoff(6));
        assertEquals(Duration.ofHours(1), OutboxDispatcher.backoff(400));
    }
}
