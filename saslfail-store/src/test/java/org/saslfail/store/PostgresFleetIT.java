package org.saslfail.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.testing.FleetDecisionContract;

/** The fleet decision log on a real PostgreSQL: the port contract (NOTIFY across connections), one decision per race, no gaps. */
class PostgresFleetIT implements FleetDecisionContract {
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
    public FleetDecisionPort decisions() {
        return store;
    }

    /** From another connection, as another node: only NOTIFY can wake the waiter early. */
    @Override
    public void publishElsewhere(FleetDecisionPort port, FleetDecision d) {
        try (OffenseStore other = OffenseStores.open(pg.url())) {
            other.publish(d);
        }
    }

    @Test
    void twoNodesRecordingOneOffenderAtOnceMakeOneOffenseAndOneDecision() throws Exception {
        FleetStoreChecks.twoNodesRecordingOneOffenderAtOnceMakeOneOffenseAndOneDecision(pg.url());
    }

    @Test
    void aReaderFollowingWhileNodesWriteMissesNoDecision() throws Exception {
        FleetStoreChecks.aReaderFollowingWhileNodesWriteMissesNoDecision(pg.url());
    }
}
