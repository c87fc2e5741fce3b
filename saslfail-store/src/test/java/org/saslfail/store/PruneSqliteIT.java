package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneSqliteIT {
    @TempDir
    Path dir;

    @Test
    void pruneDeletesOldRecordsKeepsRunningBansAndTotalsAndShrinksTheFile() throws Exception {
        Path db = dir.resolve("saslfail.db");
        long before;
        try (OffenseStore store = OffenseStores.open(db.toString())) {
            StorePrune.fill(store);
        }
        before = Files.size(db);
        Files.delete(db);
        try (OffenseStore store = OffenseStores.open(db.toString())) {
            StorePrune.pruneKeepsWhatStillMatters(store);
        }
        long after = Files.size(db);
        assertTrue(after * 2 < before, "the file gives the space back: " + before + " bytes before, " + after + " after");
    }
}
