package org.saslfail.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two fleet nodes on one PostgreSQL database decide as one would (issue 11 item 4). */
class ConcurrentDecisionsPostgresIT {
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

    @Test
    void twoConcurrentReplaysOfTheSameLogLeaveExactlyWhatOneLeaves() throws Exception {
        ConcurrentDecisions.twoConcurrentReplaysLeaveWhatOneLeaves(dir.resolve("one.db").toString(), pg.url());
    }
}
