package org.saslfail.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrunePostgresIT {
    private static TestPostgres pg;

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

    @Test
    void pruneDeletesOldRecordsAndKeepsRunningBansAndTotals() {
        try (OffenseStore store = OffenseStores.open(pg.url())) {
            StorePrune.pruneKeepsWhatStillMatters(store);
        }
    }
}
