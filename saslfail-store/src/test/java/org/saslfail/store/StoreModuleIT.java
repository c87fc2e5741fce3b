package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.saslfail.core.testing.OffenseStoreContract.H48;
import static org.saslfail.core.testing.OffenseStoreContract.days;
import static org.saslfail.core.testing.OffenseStoreContract.offense;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;

class StoreModuleIT {
    @TempDir
    Path dir;

    @Test
    void everyPortIsTheSameStoreOpenedOnFirstUse() {
        Path db = dir.resolve("saslfail.db");
        Injector injector = Guice.createInjector(StoreModule.sqlite(db.toString()));
        assertFalse(Files.exists(db), "creating the injector does no I/O");
        try (OffenseStore store = injector.getInstance(OffenseStore.class)) {
            assertSame(store, injector.getInstance(LoadHistoryPort.class));
            assertSame(store, injector.getInstance(RecordOutcomePort.class));
            assertSame(store, injector.getInstance(ReportQueryPort.class));
            assertTrue(injector.getInstance(RecordOutcomePort.class).record(offense("203.0.113.9", days(0), 1, H48)));
            assertTrue(injector.getInstance(LoadHistoryPort.class).seen(
                    offense("203.0.113.9", days(0), 1, H48).event().key()));
            assertEquals(1, store.offensesCovering(IpPrefix.parse("203.0.113.9")).size());
        }
    }
}
