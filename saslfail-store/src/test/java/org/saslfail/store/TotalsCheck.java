package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.saslfail.core.testing.OffenseStoreContract.D8;
import static org.saslfail.core.testing.OffenseStoreContract.H48;
import static org.saslfail.core.testing.OffenseStoreContract.days;
import static org.saslfail.core.testing.OffenseStoreContract.offense;
import static org.saslfail.core.testing.OffenseStoreContract.repeat;
import static org.saslfail.core.testing.OffenseStoreContract.restore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.Summary;

/**
 * The running totals of schema 5 against a recount of the tables themselves, after every kind of
 * write: a large batch (more offenders than SQLite binds in one statement), the same batch again,
 * a lift, a forget, and a migration from schema 4 of a store that has a history. Run by the
 * SQLite and the PostgreSQL ITs.
 */
final class TotalsCheck {
    private TotalsCheck() {
    }

    static void totalsStayExactThroughEveryWrite(String database, String jdbcUrl) throws SQLException {
        List<Outcome> batch = history();
        try (OffenseStore s = OffenseStores.open(database)) {
            s.recordAll(batch);
            Summary first = s.summary(days(40));
            assertEquals(recount(jdbcUrl), totals(first));
            assertEquals(1200 + 3, first.uniqueOffenders());
            assertEquals(1, first.repeats());
            assertEquals(2, first.restores());

            s.recordAll(batch);                                 // replayed: nothing new
            assertEquals(totals(first), totals(s.summary(days(40))));

            assertEquals(1, s.lift(IpPrefix.parse("203.0.113.9"), days(25)));  // ends a ban: counts stay
            assertEquals(totals(first), totals(s.summary(days(40))));

            s.forget(IpPrefix.parse("203.0.113.0/24"));          // two offenders, their restore and repeat
            Summary after = s.summary(days(40));
            assertEquals(recount(jdbcUrl), totals(after));
            assertEquals(1200 + 1, after.uniqueOffenders());
            assertEquals(0, after.repeats());
            assertEquals(1, after.restores());
            assertEquals(first.offenses() - 3, after.offenses());
        }
    }

    static void theMigrationCountsAnExistingHistory(String database, String jdbcUrl) throws SQLException {
        try (OffenseStore s = OffenseStores.open(database)) {
            s.recordAll(history());
        }
        Map<String, Long> expected = recount(jdbcUrl);
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            // back to schema 4 with the history in place (later migrations undone first)
            st.execute("DROP TABLE fleet_decisions");
            st.execute("DROP TABLE fleet_applied");
            st.execute("ALTER TABLE offenses DROP COLUMN node");
            st.execute("DROP TABLE node_jail_ops");
            st.execute("CREATE TABLE pending_jail_ops (jail VARCHAR(64) NOT NULL, target VARCHAR(50) NOT NULL,"
                    + " op VARCHAR(8) NOT NULL, created_at_ms BIGINT NOT NULL, attempts INTEGER NOT NULL,"
                    + " next_at_ms BIGINT NOT NULL, last_error VARCHAR(500) NOT NULL, PRIMARY KEY (jail, target, op))");
            st.execute("DROP TABLE alert_window");
            st.execute("DROP TABLE logins");
            st.execute("ALTER TABLE offenses DROP COLUMN known_users");
            st.execute("ALTER TABLE offenses DROP COLUMN tried_users");
            st.execute("DROP TABLE totals");
            st.execute("DROP TABLE offender_keys");
            st.execute("DELETE FROM schema_version WHERE version >= 5");
        }
        try (OffenseStore s = OffenseStores.open(database)) {
            assertEquals(expected, totals(s.summary(days(40))));
        }
    }

    /**
     * Two writers at once (PostgreSQL: a fleet's daemons) recording offenses of the same new
     * offenders, at different times: each offender is counted once, and neither writer fails.
     */
    static void concurrentWritersCountEachNewOffenderOnce(String database, String jdbcUrl) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    try (OffenseStore s = OffenseStores.open(database)) {
                        for (int round = 0; round < 20; round++) {
                            List<Outcome> batch = new ArrayList<>();
                            for (int i = 0; i < 50; i++) {
                                String ip = IpAddress.ofV4(0xC6336400L + round * 64L + i).toString();
                                batch.add(offense(ip, days(round).plusSeconds(writer), 1, H48));
                            }
                            s.recordAll(batch);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (OffenseStore s = OffenseStores.open(database)) {
            Summary sum = s.summary(days(40));
            assertEquals(recount(jdbcUrl), totals(sum));
            assertEquals(1000, sum.uniqueOffenders());
            assertEquals(2000, sum.offenses());
        }
    }

    /** 2,400 offenses of 1,200 addresses in one batch, plus 203.0.113.9 (twice, a repeat, a restore), 203.0.113.10 and a /64. */
    private static List<Outcome> history() {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < 2400; i++) {
            String ip = IpAddress.ofV4(0xC6336400L + (i % 1200) * 3L).toString();   // 198.51.100.0 and on
            out.add(offense(IpPrefix.parse(ip), ip, i % 3 == 0 ? Service.DOVECOT : Service.POSTFIX, days(i / 1200 * 10), i / 1200 + 1,
                    i < 1200 ? H48 : D8));
        }
        Outcome nine = offense("203.0.113.9", days(1), 1, H48);
        out.add(nine);
        out.add(repeat("203.0.113.9", days(2), nine.offense()));
        out.add(offense("203.0.113.9", days(20), 2, D8));
        out.add(restore("203.0.113.10", days(3)));
        out.add(offense("203.0.113.10", days(21), 1, H48));
        out.add(restore("198.18.0.1", days(3)));
        out.add(offense("2001:db8::5", days(22), 1, null));
        return out;
    }

    /** The figures the totals stand for, from a summary. */
    private static Map<String, Long> totals(Summary s) {
        Map<String, Long> m = new TreeMap<>();
        s.offensesByStrike().forEach((k, v) -> m.merge("strike " + k, v, Long::sum));
        s.offensesByService().forEach((k, v) -> m.merge("service " + k, v, Long::sum));
        m.put("offenses", s.offenses());
        m.put("offenders", s.uniqueOffenders());
        m.put("restore", s.restores());
        m.put("repeat", s.repeats());
        return m;
    }

    /** The same figures counted from the history tables. */
    private static Map<String, Long> recount(String jdbcUrl) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        m.put("offenses", 0L);
        m.put("restore", 0L);
        m.put("repeat", 0L);
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT strike, service, count(*) FROM offenses GROUP BY strike, service")) {
                while (rs.next()) {
                    m.merge("strike " + rs.getInt(1), rs.getLong(3), Long::sum);
                    m.merge("service " + rs.getString(2), rs.getLong(3), Long::sum);
                    m.merge("offenses", rs.getLong(3), Long::sum);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT DISTINCT offender_hex, offender_len FROM offenses) o")) {
                rs.next();
                m.put("offenders", rs.getLong(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT result, count(*) FROM events WHERE result IN ('restore', 'repeat') GROUP BY result")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return m;
    }
}
