package org.saslfail.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.saslfail.core.notify.OutboxEntry;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.OutboxPort;

/** An {@link OutboxPort} in memory, for tests; it keeps sent entries to inspect. */
public final class InMemoryOutbox implements OutboxPort {
    private final Map<Long, OutboxEntry> unsent = new LinkedHashMap<>();
    private final Map<Long, Instant> sent = new LinkedHashMap<>();
    private final Map<Long, String> sentKeys = new LinkedHashMap<>();
    private final Set<String> keys = new HashSet<>();
    private final Map<Long, String> errors = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized boolean enqueue(RenderedMail mail, Instant now) {
        if (!keys.add(mail.key())) {
            return false;
        }
        long id = nextId++;
        unsent.put(id, new OutboxEntry(id, mail, now, 0, now));
        return true;
    }

    @Override
    public synchronized List<OutboxEntry> due(Instant now, int limit) {
        return unsent.values().stream().filter(e -> !e.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(OutboxEntry::enqueuedAt).thenComparingLong(OutboxEntry::id))
                .limit(limit).toList();
    }

    @Override
    public synchronized void markSent(long id, Instant at) {
        OutboxEntry e = unsent.remove(id);
        if (e != null) {
            sent.put(id, at);
            sentKeys.put(id, e.mail().key());
        }
    }

    @Override
    public synchronized void markFailed(long id, Instant nextAttempt, String error) {
        OutboxEntry e = unsent.get(id);
        if (e != null) {
            unsent.put(id, new OutboxEntry(id, e.mail(), e.enqueuedAt(), e.attempts() + 1, nextAttempt));
            errors.put(id, error);
        }
    }

    @Override
    public synchronized int pending() {
        return unsent.size();
    }

    @Override
    public synchronized int purgeSent(Instant sentBefore) {
        List<Long> old = sent.entrySet().stream().filter(e -> e.getValue().isBefore(sentBefore)).map(Map.Entry::getKey).toList();
        old.forEach(id -> {
            sent.remove(id);
            keys.remove(sentKeys.remove(id));
        });
        return old.size();
    }

    public synchronized List<Long> sentIds() {
        return new ArrayList<>(sent.keySet());
    }

    public synchronized String lastError(long id) {
        return errors.get(id);
    }
}
