package org.saslfail.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.testing.FleetDecisionContract;

/** The fleet decision log in a real SQLite file (one writer at a time; waits poll the file). */
class SqliteFleetIT implements FleetDecisionContract {
    @TempDir
    Path dir;
    private OffenseStore store;

    @BeforeEach
    void open() {
        store = OffenseStores.open(dir.resolve("fleet.db").toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public FleetDecisionPort decisions() {
        return store;
    }

    @Test
    void twoWritersRecordingOneOffenderAtOnceMakeOneOffenseAndOneDecision() throws Exception {
        FleetStoreChecks.twoNodesRecordingOneOffenderAtOnceMakeOneOffenseAndOneDecision(dir.resolve("race.db").toString());
    }
}
