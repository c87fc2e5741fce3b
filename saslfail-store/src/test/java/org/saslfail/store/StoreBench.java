package org.saslfail.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.HistoryQuery;

/**
 * Store figures for BENCHMARKS.md, run by bench/store-bench.sh (not a test).
 * {@code import DB ROWS}: records ROWS outcomes (about 70 % offenses, 20 % restores, 10 % unbans
 * over two years, 150,000 offenders) in batches of 10,000. {@code query DB REPORT}: opens the
 * store and runs one report, as a CLI would. {@code prune DB}: one retention prune (bench/prune.sh).
 */
public final class StoreBench {
    private StoreBench() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "import" -> importRows(args[1], Integer.parseInt(args[2]));
            case "query" -> query(args[1], args[2]);
            case "prune" -> prune(args[1]);
            default -> throw new IllegalArgumentException("import DB ROWS | query DB REPORT | prune DB");
        }
    }

    private static void importRows(String db, int rows) {
        SplittableRandom random = new SplittableRandom(42);
        Instant end = Instant.parse("2026-11-28T00:00:00Z");
        long span = Duration.ofDays(730).toMillis();
        long start = end.toEpochMilli() - span;
        Map<IpPrefix, Offense> latest = new HashMap<>();
        long t0 = System.nanoTime();
        int fresh = 0;
        try (OffenseStore store = OffenseStores.open(db)) {
            List<Outcome> batch = new ArrayList<>(10_000);
            for (int i = 0; i < rows; i++) {
                long at = start + (long) i * span / rows;
                int who = random.nextInt(150_000);
                IpAddress ip = who % 10 == 0
                        ? new IpAddress(6, 0x20010db800000000L | who, random.nextLong())
                        : IpAddress.ofV4(0x0b000000L + who * 7L);
                IpPrefix offender = ip.isV4() ? ip.asPrefix() : ip.prefix(64);
                Instant when = Instant.ofEpochMilli(at);
                int kind = random.nextInt(10);
                Offense previous = latest.get(offender);
                Outcome o;
                if (kind < 2) {
                    o = new Outcome(new BanEvent(BanEvent.Kind.RESTORE, JailName.of("saslfail-postfix"), ip, when),
                            Result.RESTORE, offender, Service.POSTFIX, null, "restored");
                } else if (kind < 3 && previous != null && previous.activeAt(when)) {
                    Offense lifted = previous.liftedAt(when);
                    latest.put(offender, lifted);
                    o = new Outcome(new BanEvent(BanEvent.Kind.UNBAN, previous.jail(), ip, when),
                            Result.UNBAN, offender, previous.service(), lifted, "lifted");
                } else {
                    int strike = previous == null ? 1 : Math.min(3, previous.strike() + 1);
                    Duration length = List.of(Duration.ofHours(48), Duration.ofDays(8), Duration.ofDays(32)).get(strike - 1);
                    Offense offense = new Offense(offender, ip, Service.POSTFIX, strike,
                            JailName.of(strike == 1 ? "saslfail-postfix" : "saslfail-strike" + strike), when, when.plus(length), null);
                    latest.put(offender, offense);
                    o = new Outcome(new BanEvent(BanEvent.Kind.BAN, JailName.of("saslfail-postfix"), ip, when),
                            Result.OFFENSE, offender, Service.POSTFIX, offense, "strike " + strike);
                }
                batch.add(o);
                if (batch.size() == 10_000) {
                    fresh += store.recordAll(batch);
                    batch.clear();
                }
            }
            fresh += store.recordAll(batch);
        }
        System.out.printf("import: %,d outcomes (%,d new) in %.1f s%n", rows, fresh, (System.nanoTime() - t0) / 1e9);
    }

    /** One retention prune as the daemon runs it (retention 395d, forget_after 365d) at the history's end. */
    private static void prune(String db) {
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        try (OffenseStore store = OffenseStores.open(db)) {
            long t0 = System.nanoTime();
            var pruned = new org.saslfail.core.service.PruneService(new org.saslfail.core.policy.Retention(
                    Duration.ofDays(395), Duration.ofDays(365)), store)
                    .prune(new org.saslfail.core.port.in.PruneUseCase.PruneCommand(now, false));
            System.out.printf("prune: %,d offenses, %,d events deleted (before %s) in %.1f s, space reclaimed%n",
                    pruned.offenses(), pruned.events(), pruned.cutoff(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void query(String db, String report) {
        long t0 = System.nanoTime();
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        int size;
        try (OffenseStore store = OffenseStores.open(db)) {
            long opened = System.nanoTime();
            size = switch (report) {
                case "status" -> store.activeBans(now).size();
                case "list" -> store.history(new HistoryQuery(null, null, null, 50)).size();
                case "list-ip" -> store.history(new HistoryQuery(null, null, IpPrefix.parse("11.0.0.0/16"), 50)).size();
                case "summary" -> (int) store.summary(now).offenses();
                case "by-ip" -> store.byOffender(50).size();
                case "by-date" -> store.byDay(ZoneId.of("Europe/Berlin"), 30).size();
                case "show" -> store.offensesCovering(IpPrefix.parse("11.0.0.7")).size();
                default -> throw new IllegalArgumentException("status|list|list-ip|summary|by-ip|by-date|show");
            };
            System.out.printf("%s: %d rows, open %.0f ms, query %.0f ms%n", report, size,
                    (opened - t0) / 1e6, (System.nanoTime() - opened) / 1e6);
        }
    }
}
