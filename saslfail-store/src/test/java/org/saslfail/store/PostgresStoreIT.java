package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.saslfail.core.testing.OffenseStoreContract.H48;
import static org.saslfail.core.testing.OffenseStoreContract.days;
import static org.saslfail.core.testing.OffenseStoreContract.offense;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;

/** Migration and refusal on a real PostgreSQL database of its own. */
class PostgresStoreIT {
    private TestPostgres pg;

    @BeforeEach
    void database() throws Exception {
        pg = TestPostgres.create();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (pg != null) {
            pg.drop();
        }
    }

    @Test
    void twoStoresMigrateAnEmptyDatabaseAtOnceAndTheHistoryPersists() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String ip = "203.0.113." + (i + 1);
                opened.add(pool.submit(() -> {
                    try (OffenseStore s = OffenseStores.open(pg.url())) {
                        return s.record(offense(ip, days(0), 1, H48));
                    }
                }));
            }
            for (Future<Boolean> f : opened) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        try (OffenseStore s = OffenseStores.open(pg.url())) {
            assertEquals(2, s.offensesWithin(IpPrefix.parse("203.0.113.0/24")).size());
            assertFalse(s.record(offense("203.0.113.1", days(0), 1, H48)));
        }
        assertEquals(String.valueOf(Migrator.newestKnown()), query("SELECT count(*) FROM schema_version"));
    }

    @Test
    void aDatabaseFromANewerSaslfailIsRefused() throws Exception {
        OffenseStores.open(pg.url()).close();
        int future = Migrator.newestKnown() + 1;
        execute("INSERT INTO schema_version (version, description, applied_at_ms) VALUES (" + future + ", 'future', 0)");
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open(pg.url()));
        assertTrue(e.getMessage().endsWith(": db was written by saslfail schema " + future + "; this saslfail knows up to "
                + Migrator.newestKnown() + " — upgrade saslfail"), e.getMessage());
        assertFalse(e.getMessage().contains("saslfail-test"), "no password in " + e.getMessage());
    }

    @Test
    void anUnreachableServerIsNamedWithoutThePassword() {
        String url = "jdbc:postgresql://localhost:1/nothing?user=root&password=s3cret&connectTimeout=2";
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open(url));
        assertTrue(e.getMessage().startsWith("jdbc:postgresql://localhost:1/nothing?user=root&password=***"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    private String query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void summaryTotalsStayExactThroughReplayLiftAndForget() throws Exception {
        TotalsCheck.totalsStayExactThroughEveryWrite(pg.url(), pg.url());
    }

    @Test
    void migratingToRunningTotalsCountsTheExistingHistory() throws Exception {
        TotalsCheck.theMigrationCountsAnExistingHistory(pg.url(), pg.url());
    }

    @Test
    void twoWritersAtOnceKeepTheTotalsExact() throws Exception {
        TotalsCheck.concurrentWritersCountEachNewOffenderOnce(pg.url(), pg.url());
    }
}
