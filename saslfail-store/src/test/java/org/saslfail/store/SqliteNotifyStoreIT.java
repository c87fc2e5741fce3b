package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.testing.OutboxContract;

/** The notify store contract on a real SQLite file. */
class SqliteNotifyStoreIT implements NotifyStoreContract {
    @TempDir
    Path dir;
    private NotifyStore store;

    @BeforeEach
    void open() {
        store = NotifyStores.open(dir.resolve("saslfail.db").toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public NotifyStore notifyStore() {
        return store;
    }

    @Override
    public OffenseStore openOffenseStore() {
        return OffenseStores.open(dir.resolve("saslfail.db").toString());
    }

    @Test
    void queuedMailSurvivesReopeningAndSentMailStaysSent() {
        store.enqueue(OutboxContract.mail("daily-2026-03-29"), T0);
        store.close();
        store = NotifyStores.open(dir.resolve("saslfail.db").toString());
        long id = store.due(T0, 10).get(0).id();
        assertEquals(OutboxContract.mail("daily-2026-03-29"), store.due(T0, 10).get(0).mail());
        store.markSent(id, T0);
        store.close();
        store = NotifyStores.open(dir.resolve("saslfail.db").toString());
        assertTrue(store.due(T0.plus(Duration.ofDays(1)), 10).isEmpty());
        assertFalse(store.enqueue(OutboxContract.mail("daily-2026-03-29"), T0.plusSeconds(5)));
        assertEquals(0, store.pending());
    }
}
