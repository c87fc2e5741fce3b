import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.fail2ban.intake.LoginLearner;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * What learning successful logins costs the daemon: LoginLearner over a whole mail log (its first read),
 * once parsing only and once into a real SQLite store, then the steady state (a poll after 1,000 new lines).
 * Usage: java -cp saslfail.jar LoginLearning.java LOG STORE_DIR
 */
public class LoginLearning {
    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Clock clock = Clock.systemUTC();
        ZoneId zone = ZoneId.of("UTC");

        // 1. parsing alone: a store that only counts
        int[] counted = new int[1];
        KnownUserPort counting = new KnownUserPort() {
            public int recordLogins(Collection<Login> logins) { counted[0] += logins.size(); return logins.size(); }
            public List<Login> logins(IpPrefix prefix, Instant since, int limit) { return List.of(); }
            public int forgetLogins(Instant before) { return 0; }
        };
        for (int round = 1; round <= 2; round++) {
            counted[0] = 0;
            Map<String, String> places = new HashMap<>();
            LoginLearner parseOnly = new LoginLearner(List.of(log), counting,
                    LoginLearner.Positions.of(n -> Optional.ofNullable(places.get(n)), places::put), clock, zone);
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long lines = 0;
            for (LoginLearner.Learned l = parseOnly.poll(); l.lines() > 0; l = parseOnly.poll()) {
                lines += l.lines();
            }
            report("parse only, round " + round, lines, counted[0], t0, c0, cpu);
        }

        // 2. the daemon's first read of the log, into a real SQLite store
        Files.createDirectories(dir);
        try (OffenseStore store = OffenseStores.open(dir.resolve("bench.db").toString())) {
            Map<String, String> places = new HashMap<>();
            LoginLearner learner = new LoginLearner(List.of(log), store,
                    LoginLearner.Positions.of(n -> Optional.ofNullable(places.get(n)), places::put), clock, zone);
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long lines = 0;
            int logins = 0;
            int polls = 0;
            for (LoginLearner.Learned l = learner.poll(); l.lines() > 0; l = learner.poll()) {
                lines += l.lines();
                logins += l.logins();
                polls++;
            }
            report("first read into SQLite (" + polls + " polls)", lines, logins, t0, c0, cpu);
            System.out.printf("  rows kept: %d (one per address/64, service and user)%n",
                    store.logins(IpPrefix.parse("0.0.0.0/0"), Instant.EPOCH, Integer.MAX_VALUE).size()
                            + store.logins(IpPrefix.parse("::/0"), Instant.EPOCH, Integer.MAX_VALUE).size());

            // 3. steady state: 1,000 new lines (10 of them logins) per poll, as a busy server writes in seconds
            List<String> tail;
            try (var first = Files.lines(log)) {
                tail = first.limit(1000).toList();
            }
            long total = 0;
            long totalCpu = 0;
            int rounds = 20;
            for (int i = 0; i < rounds; i++) {
                Files.write(log, tail, StandardOpenOption.APPEND);
                long c = cpu.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                learner.poll();
                total += System.nanoTime() - t;
                totalCpu += cpu.getCurrentThreadCpuTime() - c;
            }
            System.out.printf("steady state: a poll after 1,000 new lines takes %.2f ms wall, %.2f ms CPU (mean of %d)%n",
                    total / 1e6 / rounds, totalCpu / 1e6 / rounds, rounds);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap in use at the end: %.1f MB (max %d MB)%n", (rt.totalMemory() - rt.freeMemory()) / 1e6,
                rt.maxMemory() / 1_000_000);
    }

    private static void report(String what, long lines, int logins, long t0, long c0, ThreadMXBean cpu) {
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpuS = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf("%-40s %,d lines, %,d logins: wall %.2f s, CPU %.2f s, %,.0f lines/s (CPU)%n", what, lines,
                logins, wall, cpuS, lines / cpuS);
    }
}
