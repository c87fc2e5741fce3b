package org.saslfail.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.testing.DaemonStoreContract;
import org.saslfail.core.testing.ForgetHistoryContract;
import org.saslfail.core.testing.KnownUserContract;
import org.saslfail.core.testing.OffenseStoreContract;

/** The store contracts (history, forget/lift, the daemon's state, known users) on a real SQLite file. */
class SqliteOffenseStoreIT implements OffenseStoreContract<OffenseStore>, ForgetHistoryContract<OffenseStore>,
        DaemonStoreContract, KnownUserContract {
    @TempDir
    Path dir;
    private OffenseStore store;

    @BeforeEach
    void open() {
        store = OffenseStores.open(dir.resolve("saslfail.db").toString());
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
