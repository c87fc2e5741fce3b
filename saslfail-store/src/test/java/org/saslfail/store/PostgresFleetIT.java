package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
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

    /**
     * PostgreSQL ends the LISTEN connection (a restart does): the wait on it returns within a
     * moment, not at the end of its time-out, and the next wait listens again and is woken.
     */
    @Test
    void aWaitWhoseListeningConnectionWasEndedReturnsSoonAndTheNextWaitIsWokenAgain() throws Exception {
        long newest = store.newest();
        store.await(newest, Duration.ofMillis(100)); // opens the LISTEN connection
        try (Connection c = DriverManager.getConnection(pg.url()); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
        }
        long t = System.nanoTime();
        store.await(newest, Duration.ofSeconds(30));
        long took = System.nanoTime() - t;
        assertTrue(took < Duration.ofSeconds(10).toNanos(),
                "the broken wait returned after " + took / 1_000_000 + " ms (time-out 30 s)");
        assertWokenByADecisionPublishedElsewhere(store, newest);
    }

    @Test
    void anErrorBetweenTheWritesOfADecisionWritesNone() {
        TransactionChecks.aFailureBetweenTheWritesOfADecisionWritesNone(store, new OutOfMemoryError("Java heap space"));
    }

    @Test
    void aDecisionWhoseConnectionEndedWritesNothingEvenIfItsWorkGoesOn() {
        TransactionChecks.aDecisionWhoseConnectionEndedWritesNothingEvenIfItsWorkGoesOn(store, pid -> {
            try (Connection c = DriverManager.getConnection(pg.url()); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(" + pid + ")");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
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
