// Per-event cost of saslfail's own work, without fail2ban: intake (reading rows from a
// fail2ban-shaped SQLite database from a watermark) + escalation decision + SQLite store write.
// Run through bench/daemon/event-cost.sh (java -cp saslfail.jar EventCost.java N REPEATERS).
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.service.EscalationService;
import org.saslfail.fail2ban.client.DryRunJailGateway;
import org.saslfail.fail2ban.intake.Fail2banDbIntake;
import org.saslfail.fail2ban.intake.FileWatermarkStore;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

public class EventCost {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int repeaters = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("saslfail-eventcost");
        Path f2b = dir.resolve("fail2ban.sqlite3");
        long now = Instant.now().getEpochSecond();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f2b); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bans(jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL,"
                    + " bancount INTEGER NOT NULL default 1, data JSON)");
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bans VALUES ('saslfail-postfix', ?, ?, 172800, 1, '{}')")) {
                // the repeaters' first offenses, long over, then the measured wave
                for (int i = 0; i < repeaters; i++) {
                    ins.setString(1, ip(i));
                    ins.setLong(2, now - 30 * 86400);
                    ins.addBatch();
                }
                for (int i = 0; i < n; i++) {
                    ins.setString(1, ip(i));
                    ins.setLong(2, now - n + i);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
        Settings settings = Settings.defaults().with("ignore", "127.0.0.0/8");
        try (OffenseStore store = OffenseStores.open(dir.resolve("saslfail.db").toString())) {
            EscalationService engine = new EscalationService(new Escalator(settings.policy(List.of())), store, store,
                    new DryRunJailGateway());
            AtomicLong events = new AtomicLong();
            long[] perEvent = new long[repeaters + n];
            long[] last = {System.nanoTime()};
            Fail2banDbIntake intake = new Fail2banDbIntake(f2b, Set.of(JailName.of("saslfail-postfix")),
                    new FileWatermarkStore(dir.resolve("watermark")), e -> {
                        engine.record(e);
                        long t = System.nanoTime();
                        perEvent[(int) events.getAndIncrement()] = t - last[0];
                        last[0] = t;
                    }, Clock.systemUTC(), Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            intake.pass();
            long total = System.nanoTime() - t0;
            intake.close();
            long[] measured = Arrays.copyOfRange(perEvent, repeaters, repeaters + n);
            Arrays.sort(measured);
            System.out.printf("events handed on: %d (%d seeding + %d measured, %d of them repeat offenders)%n",
                    events.get(), repeaters, n, repeaters);
            System.out.printf("whole pass: %.1f ms, %.3f ms per event, %.0f events/s%n", total / 1e6,
                    total / 1e6 / events.get(), events.get() / (total / 1e9));
            System.out.printf("per event (measured wave): mean %.3f ms, ", Arrays.stream(measured).average().orElse(0) / 1e6);
            System.out.printf("p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                    measured[n / 2] / 1e6, measured[(int) (n * 0.99)] / 1e6, measured[n - 1] / 1e6);
            var s = store.summary(Instant.now());
            System.out.printf("store: %d offenses, by strike %s%n", s.offenses(), s.offensesByStrike());
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String ip(int i) {
        return "198.18." + (i / 250) % 256 + "." + (i % 250 + 1);
    }
}
