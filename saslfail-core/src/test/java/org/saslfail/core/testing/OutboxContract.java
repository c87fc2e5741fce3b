package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.notify.OutboxEntry;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.OutboxPort;

/** The behaviour every {@link OutboxPort} shares; an implementation's test implements this. */
public interface OutboxContract {
    Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** A fresh, empty outbox. */
    OutboxPort outbox();

    static RenderedMail mail(String key) {
        return new RenderedMail(key, "saslfail@localhost", List.of("root@localhost", "ops@example.org"),
                "saslfail: test " + key, "text of " + key, "<p>html of " + key + "</p>");
    }

    @Test
    default void enqueuedMailIsDueAtOnceWithAllItsFields() {
        OutboxPort box = outbox();
        assertTrue(box.enqueue(mail("a"), T0));
        List<OutboxEntry> due = box.due(T0, 10);
        assertEquals(1, due.size());
        assertEquals(mail("a"), due.get(0).mail());
        assertEquals(0, due.get(0).attempts());
        assertEquals(T0, due.get(0).enqueuedAt());
        assertEquals(1, box.pending());
    }

    @Test
    default void sameKeyIsQueuedOnlyOnceEvenAfterSending() {
        OutboxPort box = outbox();
        assertTrue(box.enqueue(mail("daily-2026-03-01"), T0));
        assertFalse(box.enqueue(mail("daily-2026-03-01"), T0.plusSeconds(1)));
        box.markSent(box.due(T0, 10).get(0).id(), T0);
        assertFalse(box.enqueue(mail("daily-2026-03-01"), T0.plusSeconds(2)));
        assertEquals(0, box.pending());
    }

    @Test
    default void sentMailIsNeverDueAgain() {
        OutboxPort box = outbox();
        box.enqueue(mail("a"), T0);
        box.enqueue(mail("b"), T0.plusSeconds(1));
        long a = box.due(T0.plusSeconds(5), 10).get(0).id();
        box.markSent(a, T0.plusSeconds(5));
        List<OutboxEntry> due = box.due(T0.plusSeconds(3600), 10);
        assertEquals(List.of("b"), due.stream().map(e -> e.mail().key()).toList());
    }

    @Test
    default void failedMailWaitsUntilItsNextAttemptAndCountsAttempts() {
        OutboxPort box = outbox();
        box.enqueue(mail("a"), T0);
        long id = box.due(T0, 10).get(0).id();
        box.markFailed(id, T0.plusSeconds(60), "connection refused");
        assertTrue(box.due(T0.plusSeconds(59), 10).isEmpty());
        OutboxEntry again = box.due(T0.plusSeconds(60), 10).get(0);
        assertEquals(1, again.attempts());
        assertEquals(T0.plusSeconds(60), again.nextAttemptAt());
        assertEquals(1, box.pending());
    }

    @Test
    default void dueIsOldestFirstAndLimited() {
        OutboxPort box = outbox();
        box.enqueue(mail("c"), T0.plusSeconds(2));
        box.enqueue(mail("a"), T0);
        box.enqueue(mail("b"), T0.plusSeconds(1));
        assertEquals(List.of("a", "b"), box.due(T0.plusSeconds(10), 2).stream().map(e -> e.mail().key()).toList());
        assertTrue(box.due(T0.minusSeconds(1), 10).isEmpty());
    }

    @Test
    default void purgingDeletesOnlyMailSentBeforeTheCutOff() {
        OutboxPort box = outbox();
        box.enqueue(mail("old"), T0);
        box.enqueue(mail("recent"), T0);
        box.enqueue(mail("unsent"), T0);
        List<OutboxEntry> due = box.due(T0, 10);
        box.markSent(due.get(0).id(), T0.plusSeconds(10));
        box.markSent(due.get(1).id(), T0.plusSeconds(100));
        assertEquals(1, box.purgeSent(T0.plusSeconds(50)));
        assertEquals(1, box.pending());
        assertTrue(box.enqueue(mail("old"), T0.plusSeconds(200)), "a purged key may be queued again");
        assertFalse(box.enqueue(mail("recent"), T0.plusSeconds(200)));
        assertEquals(0, box.purgeSent(T0.plusSeconds(50)));
    }
}
