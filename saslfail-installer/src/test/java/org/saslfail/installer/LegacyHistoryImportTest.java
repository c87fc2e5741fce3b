package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.config.Settings;
import org.saslfail.core.legacy.LegacyFormat;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * A legacy history of more than one batch (20,000 rows): every row is checked before anything is
 * written, with its line number, and an import that fails half-way can simply be run again: the
 * result is exactly that of one clean import, without duplicates.
 */
class LegacyHistoryImportTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final int ROWS = 25_000;

    @TempDir Path dir;

    private Path history(String badRowAt24000) throws IOException {
        Path f = dir.resolve("bans.db");
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write(LegacyFormat.HEADER + "\n");
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < ROWS; i++) {
                int line = i + 2;
                if (line == 24_000 && badRowAt24000 != null) {
                    w.write(badRowAt24000 + "\n");
                    continue;
                }
                String ip = "198.51." + (i / 250 % 100) + "." + (1 + i % 250);
                String jail = i % 3 == 0 ? "postfix-sasl-first" : i % 3 == 1 ? "postfix-sasl-second" : "dovecot-third";
                w.write(t.plusSeconds(600L * i).getEpochSecond() + "|" + ip + "|" + jail + "|ban|" + (1 + i % 3) + "|1\n");
            }
        }
        return f;
    }

    private static EscalationPolicy policy() {
        return Settings.defaults().policy(List.of());
    }

    private static long count(Path db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void badJailNamesAndFutureTimesAreFoundBeforeAnythingIsWrittenWithTheirLines() throws IOException {
        LegacyHistoryImport.Check bad = new LegacyHistoryImport(
                history("1767225600|198.51.100.1|postfix;x-first|ban|1|0"), ZoneOffset.UTC, NOW).check();
        assertEquals(1, bad.bad().size(), bad.bad().toString());
        assertEquals(24_000, bad.bad().get(0).line());
        assertTrue(bad.bad().get(0).problem().startsWith("unknown jail"), bad.bad().get(0).problem());

        LegacyHistoryImport.Check future = new LegacyHistoryImport(
                history("+999999999-01-01T00:00:00Z|198.51.100.1|postfix-sasl-first|ban|1|0"), ZoneOffset.UTC, NOW).check();
        assertEquals(24_000, future.bad().get(0).line());
        assertTrue(future.bad().get(0).problem().contains("in the future"), future.bad().get(0).problem());
    }

    @Test
    void anImportThatFailsHalfWayGivesExactlyOneCleanImportWhenRunAgain() throws Exception {
        Path file = history(null);
        LegacyHistoryImport imp = new LegacyHistoryImport(file, ZoneOffset.UTC, NOW);
        assertEquals(List.of(), imp.check().bad());

        Path clean = dir.resolve("clean.db");
        try (OffenseStore store = OffenseStores.open(clean.toString())) {
            assertEquals(ROWS, imp.importInto(store, policy(), n -> { }).recorded());
        }

        Path resumed = dir.resolve("resumed.db");
        try (OffenseStore store = OffenseStores.open(resumed.toString())) {
            AtomicInteger batches = new AtomicInteger();
            OffenseStore failing = (OffenseStore) Proxy.newProxyInstance(OffenseStore.class.getClassLoader(),
                    new Class<?>[] {OffenseStore.class}, (proxy, m, args) -> {
                        if (m.getName().equals("recordAll") && batches.incrementAndGet() == 2) {
                            throw new IllegalStateException("disk full");
                        }
                        try {
                            return m.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            assertThrows(IllegalStateException.class, () -> imp.importInto(failing, policy(), n -> { }));
        }
        assertEquals(20_000, count(resumed, "events"), "the first batch was written");
        try (OffenseStore store = OffenseStores.open(resumed.toString())) {
            LegacyHistoryImport.Summary again = imp.importInto(store, policy(), n -> { });
            assertEquals(ROWS - 20_000, again.recorded());
            assertEquals(20_000, again.alreadyPresent());
        }
        for (String table : List.of("events", "offenses")) {
            assertEquals(count(clean, table), count(resumed, table), table);
        }
        try (OffenseStore store = OffenseStores.open(resumed.toString())) {
            assertEquals(0, imp.importInto(store, policy(), n -> { }).recorded(), "a third run changes nothing");
        }
    }
}
