package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
import org.saslfail.core.testing.TestClock;
import org.saslfail.fail2ban.testing.MemoryWatermarkStore;

/**
 * The intake on a temp SQLite file with fail2ban's {@code bans} table (the real server is
 * {@link Fail2banDbIntakeIT}'s): rows in freed rowids, and its thread while the sink fails (the
 * store is away). {@link Fail2banDbIntakeStressTest} mixes all that at random.
 */
class Fail2banDbIntakeTest {
    private static final JailName POSTFIX = JailName.of("saslfail-postfix");

    private static final long NOW = 1_772_366_400L;

    @TempDir
    Path dir;

    @Test
    void aBanRecordedLateInTheRowidOfAnEscalatedRowIsHandedOn() throws Exception {
        // timeofban is the time of the failure: fail2ban catching up on its log after a while away writes bans
        // minutes old, and the newest row's rowid is free again once saslfail escalated that address
        Path db = fail2banDb();
        ban(db, "198.18.0.1", NOW);
        ban(db, "198.18.0.2", NOW);
        List<String> handedOn = new ArrayList<>();
        try (Fail2banDbIntake intake = intake(db, new MemoryWatermarkStore(), e -> handedOn.add(e.ip().toString()))) {
            intake.pass();
            sql(db, "DELETE FROM bans WHERE jail = 'saslfail-postfix' AND ip = '198.18.0.2'");
            ban(db, "198.18.0.3", NOW - 300);
            ban(db, "198.18.0.4", NOW);
            intake.pass();
            assertEquals(new Watermark(3, NOW), intake.watermark(), "198.18.0.3 took rowid 2 again");
        }
        assertEquals(List.of("198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4"), handedOn);
    }

    @Test
    void aLateBanInAFreedRowidThatTheSinkRefusedIsHandedOnAfterARestart() throws Exception {
        Path db = fail2banDb();
        ban(db, "198.18.0.1", NOW);
        ban(db, "198.18.0.2", NOW);
        MemoryWatermarkStore store = new MemoryWatermarkStore();
        AtomicBoolean storeDown = new AtomicBoolean();
        List<String> handedOn = new ArrayList<>();
        Consumer<BanEvent> sink = e -> {
            if (storeDown.get()) {
                throw new IllegalStateException("cannot write: connection refused");
            }
            handedOn.add(e.ip().toString());
        };
        try (Fail2banDbIntake intake = intake(db, store, sink)) {
            intake.pass();
            sql(db, "DELETE FROM bans WHERE jail = 'saslfail-postfix' AND ip = '198.18.0.2'");
            ban(db, "198.18.0.3", NOW - 300);
            storeDown.set(true);
            assertThrows(IllegalStateException.class, intake::pass);
        }
        storeDown.set(false);
        try (Fail2banDbIntake restarted = intake(db, store, sink)) {
            restarted.pass();
        }
        assertEquals("198.18.0.3", handedOn.get(handedOn.size() - 1), handedOn::toString);
    }

    @Test
    void afterARestartWhoseFirstBansWereEscalatedOnlyNewBansAreHandedOn() throws Exception {
        Path db = fail2banDb();
        for (int i = 1; i <= 3; i++) {
            ban(db, "198.18.0." + i, NOW - 3600);
        }
        ban(db, "198.18.0.4", NOW);
        MemoryWatermarkStore store = new MemoryWatermarkStore();
        store.save(new Watermark(4, NOW));
        List<String> handedOn = new ArrayList<>();
        try (Fail2banDbIntake restarted = intake(db, store, e -> handedOn.add(e.ip().toString()))) {
            restarted.pass(); // 198.18.0.4 again: a restart re-reads the last two minutes
            sql(db, "DELETE FROM bans WHERE jail = 'saslfail-postfix' AND ip = '198.18.0.4'");
            ban(db, "198.18.0.5", NOW);
            restarted.pass();
        }
        // the rows below the mark at start tell that 198.18.0.5 is the only new one
        assertEquals(List.of("198.18.0.4", "198.18.0.5"), handedOn);
    }

    @Test
    void whileTheSinkFailsTheIntakeRetriesAtThePollPaceSaysSoOnceAndThenHandsEveryBanOnInOrder() throws Exception {
        Path db = fail2banDb();
        long now = Instant.now().getEpochSecond();
        for (int i = 1; i <= 3; i++) {
            ban(db, "198.18.0." + i, now + i);
        }
        AtomicBoolean storeDown = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        List<String> handedOn = new CopyOnWriteArrayList<>();
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(Fail2banDbIntake.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try (Fail2banDbIntake intake = new Fail2banDbIntake(db, java.util.Set.of(POSTFIX), new MemoryWatermarkStore(),
                (BanEvent e) -> {
                    if (storeDown.get()) {
                        attempts.incrementAndGet();
                        throw new IllegalStateException("cannot write: connection refused");
                    }
                    handedOn.add(e.ip().toString());
                }, Clock.systemUTC(), Duration.ofMillis(100))) {
            intake.start();
            // the directory keeps changing (fail2ban's journal, a log written beside it): 1.5 s of it
            Path other = dir.resolve("daemon.log");
            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            int writes = 0;
            while (System.nanoTime() < end) {
                Files.writeString(other, "line " + writes++ + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(2);
            }
            int tried = attempts.get();
            assertTrue(tried >= 2 && tried <= 30, tried + " attempts in 1.5 s at a 100 ms poll, while the directory changed "
                    + writes + " times");
            assertEquals(1, logged.stream().filter(m -> m.startsWith("ban intake failed")).count(), logged::toString);
            assertTrue(intake.problem().orElseThrow().contains("connection refused"), intake.problem()::toString);

            storeDown.set(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (handedOn.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("198.18.0.1", "198.18.0.2", "198.18.0.3"), handedOn);
            while (logged.stream().noneMatch(m -> m.startsWith("ban intake: working again")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, logged.stream().filter(m -> m.startsWith("ban intake: working again")).count(), logged::toString);
        } finally {
            jul.removeHandler(capture);
        }
    }

    private Path fail2banDb() throws Exception {
        Path db = dir.resolve("fail2ban.sqlite3");
        sql(db, "CREATE TABLE bans (jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL,"
                + " bancount INTEGER NOT NULL DEFAULT 1, data JSON)");
        return db;
    }

    private static Fail2banDbIntake intake(Path db, WatermarkStore store, Consumer<BanEvent> sink) {
        return new Fail2banDbIntake(db, Set.of(POSTFIX), store, sink, new TestClock(Instant.ofEpochSecond(NOW),
                ZoneOffset.UTC), Duration.ofSeconds(1));
    }

    private static void ban(Path db, String ip, long timeOfBan) throws Exception {
        sql(db, "INSERT INTO bans (jail, ip, timeofban, bantime) VALUES ('saslfail-postfix', '" + ip + "', " + timeOfBan
                + ", 172800)");
    }

    private static void sql(Path db, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
