package org.saslfail.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The notify store contract on a real PostgreSQL database, emptied before each test. */
class PostgresNotifyStoreIT implements NotifyStoreContract {
    private static TestPostgres pg;
    private NotifyStore store;

    @BeforeAll
    static void database() throws Exception {
        pg = TestPostgres.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (pg != null) {
            pg.drop();
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = NotifyStores.open(pg.url());
        pg.empty();
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
        return OffenseStores.open(pg.url());
    }
}
