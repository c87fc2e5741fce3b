package org.saslfail.fail2ban.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.intake.Fail2banDbIntake;
import org.saslfail.fail2ban.intake.WatermarkStore;
import org.saslfail.fail2ban.testing.Fail2banServer;
import org.saslfail.fail2ban.testing.MemoryWatermarkStore;

/**
 * Prints the socket client's round-trip times, fail2ban's own ban rate with the dummy action,
 * and the intake's latency, against a private fail2ban server. Run by bench/f2b/run.sh.
 * Addresses are from TEST-NET ranges and only ever reach fail2ban's bookkeeping, never a network.
 */
public final class Fail2banBench {
    private static final JailName PLAIN = JailName.of("saslfail-postfix"); // no action: socket + bookkeeping only
    private static final JailName DUMMY = JailName.of("bench-dummy");     // fail2ban's dummy action (shell per ban)
    private static int next;

    private Fail2banBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String jails = "[" + PLAIN + "]\nenabled = true\nfilter = test-never\nlogpath = /dev/null\nbackend = polling\n"
                + "bantime = 86400\naction =\n\n" + Fail2banServer.dummyJail(DUMMY.value(), "86400");
        try (Fail2banServer server = Fail2banServer.start("bench", jails);
             Fail2banClient client = new Fail2banClient(server.socket())) {
            client.ping(); // connect and warm up
            for (int i = 0; i < 200; i++) {
                client.ping();
            }
            System.out.println("| measurement | n | mean | p50 | p99 | max |");
            System.out.println("|---|---|---|---|---|---|");
            row("`ping` round trip", time(n, client::ping));
            row("`set JAIL banip IP` round trip, jail without action", time(n, () -> client.ban(PLAIN, List.of(nextIp()))));
            long[] dummy = time(Math.min(n, 300), () -> client.ban(DUMMY, List.of(nextIp())));
            row("`set JAIL banip IP` round trip, dummy action (fail2ban runs it before answering)", dummy);
            List<IpPrefix> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(nextIp());
            }
            long t0 = System.nanoTime();
            client.ban(DUMMY, batch);
            long batchNs = System.nanoTime() - t0;
            long[] process = time(20, () -> run("fail2ban-client", "-c", server.config().toString(), "set",
                    PLAIN.value(), "banip", nextIp().toString()));
            row("one `fail2ban-client set JAIL banip IP` process (the bash original's way)", process);
            long[] latency = intakeLatency(server, client, Math.min(n, 500));
            row("intake latency: `set banip` sent -> BanEvent delivered (watch + 1 s poll fallback)", latency);
            int[] rows = {0};
            long c0 = System.nanoTime();
            try (Fail2banDbIntake catchUp = new Fail2banDbIntake(server.db(), Set.of(PLAIN, DUMMY), new MemoryWatermarkStore(),
                    e -> rows[0]++, Clock.systemUTC(), Fail2banDbIntake.DEFAULT_POLL)) {
                catchUp.pass();
            }
            long catchUpNs = System.nanoTime() - c0;
            System.out.println();
            System.out.printf("intake catch-up from an empty watermark: %d rows in %.1f ms (%.0f events/s, "
                    + "incl. opening the database)%n", rows[0], catchUpNs / 1e6, rows[0] * 1e9 / catchUpNs);
            System.out.printf("fail2ban's own ban rate, dummy action, one ban per request: %.1f bans/s%n",
                    1e9 / mean(dummy));
            System.out.printf("fail2ban's own ban rate, dummy action, 300 addresses in one request: %.1f bans/s%n",
                    300 * 1e9 / batchNs);
            System.out.printf("socket client, jail without action: %.0f bans/s%n", 1e9 / mean(timeAgain(client)));
        }
    }

    private static long[] timeAgain(Fail2banClient client) {
        return time(500, () -> client.ban(PLAIN, List.of(nextIp())));
    }

    private static long[] intakeLatency(Fail2banServer server, Fail2banClient client, int count) throws Exception {
        Map<String, Long> issued = new ConcurrentHashMap<>();
        long[] lat = new long[count];
        int[] got = {0};
        CountDownLatch done = new CountDownLatch(count);
        WatermarkStore mem = new MemoryWatermarkStore();
        try (Fail2banDbIntake intake = new Fail2banDbIntake(server.db(), Set.of(PLAIN), mem, e -> {
            Long at = issued.remove(e.ip().toString());
            if (at != null) {
                synchronized (lat) {
                    lat[got[0]++] = System.nanoTime() - at;
                }
                done.countDown();
            }
        }, Clock.systemUTC(), Fail2banDbIntake.DEFAULT_POLL)) {
            intake.pass(); // skip the bans of the earlier measurements
            intake.start();
            for (int i = 0; i < count; i++) {
                IpPrefix ip = nextIp();
                issued.put(ip.toString(), System.nanoTime()); // before: the event may beat the reply
                client.ban(PLAIN, List.of(ip));
                Thread.sleep(20); // a steady wave of ~50 bans/s
            }
            if (!done.await(30, TimeUnit.SECONDS)) {
                System.out.println("intake missed " + done.getCount() + " bans");
            }
        }
        return Arrays.copyOf(lat, got[0]);
    }

    private static IpPrefix nextIp() {
        int k = next++;
        return IpAddress.ofV4((198L << 24) | (18L << 16) + k).asPrefix(); // 198.18.0.0/15, benchmarking range
    }

    private static long[] time(int n, Runnable r) {
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            r.run();
            ns[i] = System.nanoTime() - t;
        }
        return ns;
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(out);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double mean(long[] ns) {
        return Arrays.stream(ns).average().orElse(0);
    }

    private static void row(String what, long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            System.out.println("| " + what + " | 0 | - | - | - | - |");
            return;
        }
        System.out.printf("| %s | %d | %s | %s | %s | %s |%n", what, s.length, ms(mean(s)), ms(s[s.length / 2]),
                ms(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]), ms(s[s.length - 1]));
    }

    private static String ms(double ns) {
        return String.format("%.3f ms", ns / 1e6);
    }

}
