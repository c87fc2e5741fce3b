package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * Issue 13: status, show and the reports say which fleet node decided each ban; a single server's
 * store (no node named) shows no NODE column. Real SQLite files written as two nodes would.
 */
class FleetReportsTest {
    @TempDir
    Path dir;

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant EARLIER = NOW.minus(Duration.ofHours(3));

    /** One offense of {@code ip} decided at {@code at}, on {@code node} (null: no fleet), running for two days. */
    private static void offense(OffenseStore s, String ip, int strike, Instant at, String node) {
        IpPrefix offender = IpPrefix.parse(ip);
        Offense o = new Offense(offender, IpAddress.parse(ip), Service.POSTFIX, strike, strike == 1 ? JailName.of("saslfail-postfix")
                : JailName.tier(strike), at, at.plus(Duration.ofDays(2)), null, null, node);
        s.record(new Outcome(BanEvent.ban(o.jail().toString(), ip, at), Outcome.Result.OFFENSE, offender, Service.POSTFIX, o, ""));
    }

    private Cli saslfail(Path db, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--db";
        all[args.length + 1] = db.toString();
        Cli c = Cli.run(all);
        assertEquals(0, c.code(), c.toString());
        return c;
    }

    /** The header line of the table in {@code out} (the line that starts with {@code first}). */
    private static String header(String out, String first) {
        return out.lines().filter(l -> l.startsWith(first)).findFirst().orElseThrow(() -> new AssertionError("no table in " + out));
    }

    @Test
    void statusShowAndTheDayAndDailyReportsNameTheNodeThatDecidedEachBan() {
        Path db = dir.resolve("fleet.db");
        try (OffenseStore s = OffenseStores.open(db.toString())) {
            offense(s, "192.0.2.7", 1, EARLIER, "mx1");
            offense(s, "192.0.2.7", 2, NOW.minusSeconds(60), "mx2");
        }
        String status = saslfail(db, "status").out();
        assertTrue(header(status, "ADDRESS").endsWith("NODE"), status);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("192.0.2.7") && l.endsWith("mx2")), status);

        String show = saslfail(db, "show", "192.0.2.7").out();
        assertTrue(header(show, "TIME").endsWith("NODE"), show);
        assertTrue(show.lines().anyMatch(l -> l.contains("saslfail-postfix") && l.endsWith("mx1")), show);
        assertTrue(show.lines().anyMatch(l -> l.contains(JailName.tier(2).toString()) && l.endsWith("mx2")), show);

        LocalDate day = LocalDate.ofInstant(NOW.minusSeconds(60), ZoneId.systemDefault());
        String dayBans = saslfail(db, "report", "by-date", "--date", day.toString()).out();
        assertTrue(header(dayBans, "TIME").endsWith("NODE"), dayBans);
        assertTrue(dayBans.lines().anyMatch(l -> l.contains("192.0.2.7") && l.endsWith("mx2")), dayBans);

        String daily = saslfail(db, "report", "daily", "--date", day.toString()).out();
        assertTrue(daily.lines().anyMatch(l -> l.strip().startsWith("192.0.2.7  strike 2") && l.contains("  on mx2")), daily);
    }

    @Test
    void aSingleServersStoreShowsNoNodeColumn() {
        Path db = dir.resolve("single.db");
        try (OffenseStore s = OffenseStores.open(db.toString())) {
            offense(s, "192.0.2.8", 1, NOW.minusSeconds(60), null);
        }
        String status = saslfail(db, "status").out();
        assertTrue(header(status, "ADDRESS").endsWith("COUNTING"), status);
        String show = saslfail(db, "show", "192.0.2.8").out();
        assertFalse(header(show, "TIME").contains("NODE"), show);
        LocalDate day = LocalDate.ofInstant(NOW.minusSeconds(60), ZoneId.systemDefault());
        String daily = saslfail(db, "report", "daily", "--date", day.toString()).out();
        assertTrue(daily.lines().anyMatch(l -> l.strip().startsWith("192.0.2.8  strike 1")), daily);
        assertTrue(daily.lines().filter(l -> l.contains("192.0.2.8")).noneMatch(l -> l.contains("  on ")), daily);
    }
}
