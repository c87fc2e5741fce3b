package org.saslfail.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writers on one SQLite file decide as one would (issue 11 item 4). */
class ConcurrentDecisionsSqliteIT {
    @TempDir
    Path dir;

    @Test
    void twoConcurrentReplaysOfTheSameLogLeaveExactlyWhatOneLeaves() throws Exception {
        ConcurrentDecisions.twoConcurrentReplaysLeaveWhatOneLeaves(dir.resolve("one.db").toString(),
                dir.resolve("shared.db").toString());
    }
}
