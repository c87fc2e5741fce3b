// saslfail's nftables backend at botnet scale, against a real table in a network namespace.
// Run through bench/nft/run.sh (java -cp saslfail.jar NftBench.java MODE ...):
//   restore N NS    store of N running tier/subnet bans (made once) -> one load into NS's empty ruleset
//   wave N SECS NS  N escalations decided evenly over SECS -> batched into the set; latency of the last
//   hold N NS       N running bans loaded, then one full reconcile (verify) and the JVM's memory
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.service.BanSetSync;
import org.saslfail.core.service.EscalationService;
import org.saslfail.fail2ban.client.DryRunJailGateway;
import org.saslfail.fail2ban.nft.BanSetGateway;
import org.saslfail.fail2ban.nft.NftablesBanSet;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

public class NftBench {
    static final EscalationPolicy POLICY = Settings.defaults().with("ignore", "127.0.0.0/8").policy(List.of());

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        String ns = args[args.length - 1];
        NftablesBanSet set = new NftablesBanSet(List.of("ip", "netns", "exec", ns, "nft"), Clock.systemUTC(), 64,
                List.of(25, 465, 587, 110, 143, 993, 995, 4190));
        switch (mode) {
            case "restore", "hold" -> restoreOrHold(mode, n, set);
            case "wave" -> wave(n, Integer.parseInt(args[2]), set);
            default -> throw new IllegalArgumentException(mode);
        }
    }

    /** Address i of the bench: IPv4 hosts from 100.64.0.0 on, every 20th an IPv6 /64, every 50th a /24 from 198.18.0.0. */
    static IpPrefix offender(int i) {
        if (i % 50 == 7) {
            return IpPrefix.of(IpAddress.ofV4(0xC6120000L + (long) (i / 50) * 256), 24);
        }
        if (i % 20 == 3) {
            return IpPrefix.parse(String.format("2001:db8:%x:%x::/64", i >> 16, i & 0xffff));
        }
        return IpAddress.ofV4(0x64400000L + i).asPrefix();
    }

    static Path store(int n) throws Exception {
        Path db = Path.of(System.getProperty("java.io.tmpdir"), "saslfail-nftbench-" + n + ".db");
        if (Files.exists(db)) {
            return db;
        }
        Instant now = Instant.now();
        try (OffenseStore store = OffenseStores.open(db.toString())) {
            List<Outcome> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                IpPrefix p = offender(i);
                int strike = 2 + i % 2;
                Instant at = now.minusSeconds(i % 86400);
                Instant expires = i % 100 == 0 ? null : at.plus(strike == 2 ? Duration.ofDays(8) : Duration.ofDays(32));
                JailName jail = expires == null ? EscalationPolicy.PERMANENT_JAIL : JailName.of("saslfail-strike" + strike);
                BanEvent e = BanEvent.ban("saslfail-postfix", p.network().toString(), at);
                batch.add(new Outcome(e, Outcome.Result.OFFENSE, p, Service.POSTFIX,
                        new Offense(p, p.network(), Service.POSTFIX, strike, jail, at, expires, null), ""));
                if (batch.size() == 10_000) {
                    store.recordAll(batch);
                    batch.clear();
                }
            }
            store.recordAll(batch);
        }
        return db;
    }

    static void restoreOrHold(String mode, int n, NftablesBanSet set) throws Exception {
        Path db = store(n);
        BanSetSync sync = new BanSetSync(set, Clock.systemUTC(), Duration.ofHours(1));
        try (OffenseStore store = OffenseStores.open(db.toString())) {
            // the store read alone, streamed as the daemon streams it
            long t0 = System.nanoTime();
            int[] rows = {0};
            store.forEachRunningBan(Instant.now(), (o, j, e) -> rows[0]++);
            long t1 = System.nanoTime();
            BanSetSync.Result r = sync.load(POLICY, store);
            long t2 = System.nanoTime();
            System.out.printf("%s: store read alone %.2f s (%d running bans); load = store read + one nft transaction of %d elements: %.2f s end to end%n",
                    mode, (t1 - t0) / 1e9, rows[0], r.elements(), (t2 - t1) / 1e9);
            if (mode.equals("hold")) {
                System.gc();
                long t3 = System.nanoTime();
                BanSetSync.Result v = sync.verify(POLICY, store);
                long t4 = System.nanoTime();
                System.out.printf("hold: one full reconcile (store read + nft list of every set + diff) %.2f s: %d elements, drift %d%n",
                        (t4 - t3) / 1e9, v.elements(), v.drift());
                long t5 = System.nanoTime();
                BanSetSync.Result none = sync.check(POLICY, store);
                System.out.printf("hold: the daemon's cheap check (the generation probe; nothing due: %s) %.3f s%n", none == null,
                        (System.nanoTime() - t5) / 1e9);
                Runtime rt = Runtime.getRuntime();
                String status = Files.readString(Path.of("/proc/self/status"));
                System.out.printf("hold: with the daemon's JVM options (heap max %d MB): heap used after the reconcile %.1f MB; "
                        + "process resident %s, peak %s%n", rt.maxMemory() / 1048576, (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                        field(status, "VmRSS"), field(status, "VmHWM"));
            }
        }
    }

    static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse("?");
    }

    static void wave(int n, int seconds, NftablesBanSet set) throws Exception {
        set.replace(org.saslfail.core.port.out.BanSetPort.Elements.of(List.of()));
        Path dir = Files.createTempDirectory("saslfail-nftwave");
        long[] decided = new long[n];
        try (OffenseStore store = OffenseStores.open(dir.resolve("saslfail.db").toString())) {
            Instant start = Instant.now();
            // each repeater's first offense, long served
            List<Outcome> first = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                IpPrefix p = IpAddress.ofV4(0x64400000L + i).asPrefix();
                Instant at = start.minus(Duration.ofDays(10));
                first.add(new Outcome(BanEvent.ban("saslfail-postfix", p.network().toString(), at), Outcome.Result.OFFENSE, p,
                        Service.POSTFIX, new Offense(p, p.network(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"),
                        at, at.plus(Duration.ofHours(48)), null), ""));
            }
            store.recordAll(first);
            BanSetGateway gateway = new BanSetGateway(new DryRunJailGateway(), set, () -> POLICY, Clock.systemUTC(),
                    w -> System.out.println("warn: " + w));
            gateway.start();
            EscalationService engine = new EscalationService(new Escalator(POLICY), store, store, gateway);
            long t0 = System.nanoTime();
            long step = seconds * 1_000_000_000L / n;
            for (int i = 0; i < n; i++) {
                long due = t0 + i * step;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                engine.recordAll(BanEvent.ban("saslfail-postfix", IpAddress.ofV4(0x64400000L + i).toString(), Instant.now()));
                decided[i] = System.nanoTime();
            }
            long lastDecision = decided[n - 1];
            Instant lastDecidedAt = Instant.now();
            while (!gateway.idle()) {
                Thread.sleep(1);
            }
            Instant enforcedAt = gateway.lastApplied();
            gateway.close();
            System.out.printf("wave: %d escalations decided in %.1f s (%.0f/s); the last batch committed by nft %.3f s after the last decision"
                    + " (%d changes applied, subnet bans included); %s in the set%n",
                    n, (lastDecision - t0) / 1e9, n / ((lastDecision - t0) / 1e9),
                    Duration.between(lastDecidedAt, enforcedAt).toNanos() / 1e9, gateway.applied(), perSet(set));
        }
    }

    private static java.util.Map<String, Integer> perSet(NftablesBanSet set) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        set.forEachElement(e -> counts.merge(set.setOf(e.target()), 1, Integer::sum));
        return counts;
    }
}
