package org.saslfail.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 on PostgreSQL: fleet nodes writing at once decide as one would, and the retention prune. */
class PostgresWritersIT {
    private static TestPostgres pg;

    @TempDir
    Path dir;

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
    void empty() throws Exception {
        pg.empty();
    }

    @Test
    void twoConcurrentReplaysOfTheSameLogLeaveExactlyWhatOneLeaves() throws Exception {
        ConcurrentDecisions.twoConcurrentReplaysLeaveWhatOneLeaves(dir.resolve("one.db").toString(), pg.url());
    }

    @Test
    void pruneDeletesOldRecordsAndKeepsRunningBansAndTotals() {
        try (OffenseStore store = OffenseStores.open(pg.url())) {
            StorePrune.pruneKeepsWhatStillMatters(store);
        }
    }
}
