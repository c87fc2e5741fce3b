package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.saslfail.core.testing.OffenseStoreContract.H48;
import static org.saslfail.core.testing.OffenseStoreContract.days;
import static org.saslfail.core.testing.OffenseStoreContract.offense;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.HistoryQuery;

/** What only a real SQLite file shows: files, modes, reopening, migration, refusal, concurrency. */
class SqliteStoreIT {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("saslfail.db");
    }

    private static Outcome nth(int i, Instant at) {
        return offense(IpAddress.ofV4(0xCB007100L + (i % 200) + ((long) (i / 200) << 16)).toString(), at, 1, H48);
    }

    @Test
    void theDaemonCapsItsConnectionsPageCacheAndTheStoreStillWorks() throws Exception {
        Database db = Database.connect(db().toString());
        new Migrator(db).migrate();
        try (OffenseStore s = new JooqOffenseStore(db)) {
            assertEquals(-65536, pageCache(db), "an import gets the large cache");
            s.daemon().limitPageCache(2048);
            assertEquals(-2048, pageCache(db));
            s.record(offense("203.0.113.10", days(0), 1, H48));
            assertEquals(1, s.history(IpPrefix.parse("203.0.113.10"), days(-1)).size());
            assertThrows(IllegalArgumentException.class, () -> s.daemon().limitPageCache(0));
        }
    }

    private static long pageCache(Database db) throws Exception {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA cache_size")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void offensesSurviveReopening() {
        try (OffenseStore s = OffenseStores.open(db().toString())) {
            s.record(offense("203.0.113.9", days(0), 1, H48));
        }
        try (OffenseStore s = OffenseStores.open("jdbc:sqlite:" + db())) {
            assertEquals(1, s.history(IpPrefix.parse("203.0.113.9"), days(-1)).size());
            assertFalse(s.record(offense("203.0.113.9", days(0), 1, H48)));
        }
    }

    @Test
    void aNewFileIsCreatedOwnerWritableGroupReadableInWalMode() throws Exception {
        try (OffenseStore s = OffenseStores.open(db().toString())) {
            assertEquals(db().toString(), s.location());
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(db())));
        assertEquals("wal", pragma("journal_mode"));
        assertEquals(String.valueOf(Migrator.newestKnown()), query("SELECT max(version) FROM schema_version"));
    }

    @Test
    void anEmptyFileIsMigrated() throws Exception {
        Files.createFile(db());
        try (OffenseStore s = OffenseStores.open(db().toString())) {
            assertTrue(s.record(offense("203.0.113.9", days(0), 1, H48)));
        }
        assertEquals("1", query("SELECT count(*) FROM offenses"));
    }

    @Test
    void aDatabaseFromANewerSaslfailIsRefusedAndLeftAlone() throws Exception {
        try (OffenseStore s = OffenseStores.open(db().toString())) {
            s.record(offense("203.0.113.9", days(0), 1, H48));
        }
        int future = Migrator.newestKnown() + 1;
        execute("INSERT INTO schema_version (version, description, applied_at_ms) VALUES (" + future + ", 'future', 0)");
        byte[] before = Files.readAllBytes(db());
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open(db().toString()));
        assertEquals(db() + ": db was written by saslfail schema " + future + "; this saslfail knows up to "
                + Migrator.newestKnown() + " — upgrade saslfail", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db()));
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftAlone() throws Exception {
        byte[] text = "timestamp|ip|jail|action|strike_level|notified\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(db(), text);
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open(db().toString()));
        assertEquals(db() + ": not an SQLite database", e.getMessage());
        assertArrayEquals(text, Files.readAllBytes(db()));
    }

    @Test
    void anotherApplicationsSqliteDatabaseIsRefused() throws Exception {
        execute("CREATE TABLE bans (jail TEXT, ip TEXT)");
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open(db().toString()));
        assertEquals(db() + ": an SQLite database, but not saslfail's (it has tables but no schema_version)", e.getMessage());
        assertEquals("delete", pragma("journal_mode"));
    }

    @Test
    void aMissingDirectoryOrADirectoryInPlaceOfTheFileIsNamed() throws Exception {
        Path missing = dir.resolve("nope/saslfail.db");
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open(missing.toString()));
        assertEquals(missing + ": directory " + missing.getParent() + " does not exist", e.getMessage());
        assertFalse(Files.exists(missing.getParent()));

        Files.createDirectory(db());
        e = assertThrows(StoreException.class, () -> OffenseStores.open(db().toString()));
        assertEquals(db() + ": not a regular file", e.getMessage());
    }

    @Test
    void anUnsupportedUrlIsNamedWithoutItsPassword() {
        StoreException e = assertThrows(StoreException.class, () -> OffenseStores.open("jdbc:mysql://h/db?password=s3cret"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().startsWith("jdbc:mysql://h/db?password=***: unsupported database URL"), e.getMessage());
    }

    @Test
    void aFailedBatchLeavesNothingHalfWritten() throws Exception {
        List<Outcome> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            batch.add(nth(i, days(0).plusSeconds(i)));
        }
        // past the first JDBC batch, so earlier rows were already sent to the database
        batch.add(1700, new Outcome(BanEvent.ban("saslfail-postfix", "198.51.100.1", days(1)), Result.OFFENSE,
                IpPrefix.parse("198.51.100.1"), Service.POSTFIX, null, "broken"));
        try (OffenseStore s = OffenseStores.open(db().toString())) {
            assertThrows(IllegalArgumentException.class, () -> s.recordAll(batch));
            assertEquals(0, s.summary(days(2)).offenses());
            assertEquals(List.of(), s.history(new HistoryQuery(null, null, null, 1)));
            batch.remove(1700);
            assertEquals(2500, s.recordAll(batch));
        }
        assertEquals("2500", query("SELECT count(*) FROM offenses"));
        assertEquals("2500", query("SELECT count(*) FROM events"));
    }

    @Test
    void aReaderReadsWhileTheWriterWrites() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (OffenseStore writer = OffenseStores.open(db().toString());
             OffenseStore reader = OffenseStores.open(db().toString())) {
            Future<Integer> written = pool.submit(() -> {
                int n = 0;
                for (int round = 0; round < 40; round++) {
                    List<Outcome> batch = new ArrayList<>();
                    for (int i = 0; i < 250; i++, n++) {
                        batch.add(nth(n, days(0).plusSeconds(n)));
                    }
                    writer.recordAll(batch);
                }
                writing.set(false);
                return n;
            });
            Future<Integer> reads = pool.submit(() -> {
                int count = 0;
                long last = -1;
                while (writing.get()) {
                    long seen = reader.summary(days(1)).offenses();
                    assertTrue(seen >= last && seen % 250 == 0, "a reader sees whole transactions only: " + seen);
                    last = seen;
                    count++;
                }
                return count;
            });
            assertEquals(10_000, written.get(60, TimeUnit.SECONDS));
            assertTrue(reads.get(60, TimeUnit.SECONDS) > 0);
            assertEquals(10_000, reader.summary(days(1)).offenses());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoWritersTakeTurns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (OffenseStore a = OffenseStores.open(db().toString()); OffenseStore b = OffenseStores.open(db().toString())) {
            List<Future<?>> jobs = new ArrayList<>();
            for (OffenseStore s : List.of(a, b)) {
                int base = s == a ? 0 : 100_000;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        s.record(nth(base + i, days(0).plusSeconds(base + i)));
                    }
                }));
            }
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(600, a.summary(days(1)).offenses());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forgetErasesAnOffendersHistoryAndLiftEndsItsBans() {
        try (OffenseStore s = OffenseStores.open(db().toString())) {
            s.recordAll(List.of(
                    offense("2001:db8:1:2::5", days(0), 1, H48),
                    offense("2001:db8:1:2::6", days(10), 2, H48),
                    offense("203.0.113.9", days(10), 1, H48),
                    offense("203.0.113.10", days(10), 1, H48)));
            assertEquals(2, s.lift(IpPrefix.parse("203.0.113.0/24"), days(11)));
            assertEquals(0, s.lift(IpPrefix.parse("203.0.113.0/24"), days(11)));
            assertEquals(List.of("2001:db8:1:2::/64"),
                    s.activeBans(days(11)).stream().map(b -> b.offender().toString()).toList());
            assertEquals(days(11), s.history(IpPrefix.parse("203.0.113.9"), days(-1)).get(0).liftedAt());

            assertEquals(2, s.forget(IpPrefix.parse("2001:db8:1:2::/64")));
            assertEquals(List.of(), s.offensesWithin(IpPrefix.parse("2001:db8::/32")));
            assertEquals(2, s.history(new HistoryQuery(null, null, null, 10)).size());
            assertEquals(List.of(), s.activeBans(days(11)));
        }
    }

    @Test
    void summaryTotalsStayExactThroughReplayLiftAndForget() throws Exception {
        TotalsCheck.totalsStayExactThroughEveryWrite(db().toString(), "jdbc:sqlite:" + db());
    }

    @Test
    void migratingToRunningTotalsCountsTheExistingHistory() throws Exception {
        TotalsCheck.theMigrationCountsAnExistingHistory(db().toString(), "jdbc:sqlite:" + db());
    }

    @Test
    void twoWritersTakingTurnsKeepTheTotalsExact() throws Exception {
        TotalsCheck.concurrentWritersCountEachNewOffenderOnce(db().toString(), "jdbc:sqlite:" + db());
    }

    @Test
    void processesOpeningOneNewFileAtTheSameMomentAllGetTheStore() throws Exception {
        // the loser of the switch to WAL was answered SQLITE_BUSY at once, without the busy timeout
        int openers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            for (int round = 0; round < 40; round++) {
                String file = dir.resolve("fresh-" + round + ".db").toString();
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(openers);
                List<Future<?>> opened = new ArrayList<>();
                for (int t = 0; t < openers; t++) {
                    int writer = t;
                    opened.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        for (int again = 0; again < 2; again++) {
                            try (OffenseStore s = OffenseStores.open(file)) {
                                s.recordAll(List.of(offense(IpAddress.ofV4(0xC6336400L + writer * 2 + again).toString(),
                                        days(1), 1, H48)));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : opened) {
                    f.get(60, TimeUnit.SECONDS);
                }
                try (OffenseStore s = OffenseStores.open(file)) {
                    assertEquals(2L * openers, s.summary(days(2)).offenses(), "round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theMigrationIndexListsEveryScriptInOrder() throws Exception {
        List<String> files;
        try (var list = Files.list(Path.of("src/main/resources/db/migration"))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted(
                    (x, y) -> Integer.compare(version(x), version(y))).toList();
        }
        assertEquals(files, Migrator.known().stream().map(m -> m.resource().substring(Migrator.DIRECTORY.length())).toList());
    }

    private static int version(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private String pragma(String name) throws Exception {
        return query("PRAGMA " + name);
    }

    private String query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
