package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.testing.MemoryWatermarkStore;

/**
 * The intake's thread while its sink fails (the store is away), on a temp SQLite file with
 * fail2ban's {@code bans} table (the real server is {@link Fail2banDbIntakeIT}'s).
 */
class Fail2banDbIntakeTest {
    private static final JailName POSTFIX = JailName.of("saslfail-postfix");

    @TempDir
    Path dir;

    @Test
    void whileTheSinkFailsTheIntakeRetriesAtThePollPaceSaysSoOnceAndThenHandsEveryBanOnInOrder() throws Exception {
        Path db = dir.resolve("fail2ban.sqlite3");
        long now = Instant.now().getEpochSecond();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bans (jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL,"
                    + " bancount INTEGER NOT NULL DEFAULT 1, data JSON)");
            for (int i = 1; i <= 3; i++) {
                st.execute("INSERT INTO bans (jail, ip, timeofban, bantime) VALUES ('saslfail-postfix', '198.18.0." + i + "', "
                        + (now + i) + ", 3600)");
            }
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
}
