package org.saslfail.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.testing.DaemonStoreContract;
import org.saslfail.core.testing.ForgetHistoryContract;
import org.saslfail.core.testing.KnownUserContract;
import org.saslfail.core.testing.OffenseStoreContract;

/** The store contracts (history, forget/lift, the daemon's state, known users) on a real PostgreSQL database, emptied before each test. */
class PostgresOffenseStoreIT implements OffenseStoreContract<OffenseStore>, ForgetHistoryContract<OffenseStore>,
        DaemonStoreContract, KnownUserContract {
    private static TestPostgres pg;
    private OffenseStore store;

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
        store = OffenseStores.open(pg.url());
        pg.empty();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public OffenseStore store() {
        return store;
    }

    @Override
    public DaemonStore daemonStore() {
        return store.daemon();
    }

    @Override
    public KnownUserPort knownUsers() {
        return store;
    }
}
