package org.saslfail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.saslfail.core.port.in.PruneUseCase.Pruned;

/**
 * The retention prune's SQL, portable to SQLite and PostgreSQL. Each batch selects at most
 * {@code limit} keys first and deletes by key, so one transaction stays short however large the
 * store. The running totals (table totals) are all-time counters and are left as they are.
 */
final class StorePruner {
    /** An offense's ban still runs at ?: it is kept whatever its age. */
    private static final String RUNNING = "(o.lifted_at_ms IS NULL OR o.lifted_at_ms > ?) AND (o.expires_at_ms IS NULL OR o.expires_at_ms > ?)";
    private static final String OLD_OFFENSES = "FROM offenses o WHERE o.at_ms < ? AND NOT (" + RUNNING + ")";
    private static final String OLD_EVENTS = "FROM events e WHERE e.at_ms < ? AND NOT EXISTS (SELECT 1 FROM offenses o"
            + " WHERE o.at_ms = e.at_ms AND o.offender = e.offender AND " + RUNNING + ")";
    private static final String OLD_SPARED = "FROM spared_subnets s WHERE s.last_at_ms < ?";

    /** Pages given back per transaction. */
    private static final long RECLAIM_PAGES = 2000;

    private final Database db;

    StorePruner(Database db) {
        this.db = db;
    }

    Pruned count(Instant cutoff, Instant now) {
        long c = cutoff.toEpochMilli();
        long n = now.toEpochMilli();
        try {
            return new Pruned(cutoff, count("SELECT count(*) " + OLD_OFFENSES, c, n, n),
                    count("SELECT count(*) " + OLD_EVENTS, c, n, n), count("SELECT count(*) " + OLD_SPARED, c), true);
        } catch (SQLException e) {
            throw db.failure("cannot count what to prune", e);
        }
    }

    Pruned batch(Instant cutoff, Instant now, int limit) {
        long c = cutoff.toEpochMilli();
        long n = now.toEpochMilli();
        return db.write(() -> {
            try {
                Connection con = db.connection();
                List<Object[]> offenses = keys("SELECT o.offender_hex, o.offender_len, o.at_ms, o.jail " + OLD_OFFENSES
                        + " LIMIT " + limit, 4, c, n, n);
                deleteEach("DELETE FROM offenses WHERE offender_hex = ? AND offender_len = ? AND at_ms = ? AND jail = ?", offenses);
                Set<List<Object>> offenders = new LinkedHashSet<>();
                offenses.forEach(k -> offenders.add(List.of(k[0], k[1])));
                // an offender with no offense left leaves the table of known offenders too (it holds its address)
                List<Object[]> gone = new ArrayList<>();
                for (List<Object> k : offenders) {
                    gone.add(new Object[] {k.get(0), k.get(1), k.get(0), k.get(1)});
                }
                deleteEach("DELETE FROM offender_keys WHERE offender_hex = ? AND offender_len = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM offenses o WHERE o.offender_hex = ? AND o.offender_len = ?)", gone);
                List<Object[]> events = keys("SELECT e.event_key " + OLD_EVENTS + " LIMIT " + limit, 1, c, n, n);
                deleteEach("DELETE FROM events WHERE event_key = ?", events);
                List<Object[]> spared = keys("SELECT s.subnet_hex, s.subnet_len, s.day " + OLD_SPARED + " LIMIT " + limit, 3, c);
                deleteEach("DELETE FROM spared_subnets WHERE subnet_hex = ? AND subnet_len = ? AND day = ?", spared);
                return new Pruned(cutoff, offenses.size(), events.size(), spared.size(), false);
            } catch (SQLException e) {
                throw db.failure("cannot prune", e);
            }
        });
    }

    /**
     * SQLite: returns the freed pages to the file system (incremental vacuum, then a checkpoint that
     * truncates the write-ahead log). A store made before retention existed has no incremental
     * vacuum yet: the first prune converts it with one full VACUUM.
     */
    void reclaim() {
        if (!db.isSqlite()) {
            return; // PostgreSQL's autovacuum reuses the space
        }
        try (Statement st = db.connection().createStatement()) {
            int mode;
            try (ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
                mode = rs.next() ? rs.getInt(1) : 0;
            }
            if (mode != 2) {
                st.execute("PRAGMA auto_vacuum=INCREMENTAL");
                st.execute("VACUUM");
            } else {
                freePages(st);
            }
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw db.failure("cannot reclaim space", e);
        }
    }

    /**
     * The driver steps a statement once per execute, and each step of incremental_vacuum frees
     * one page: so it is executed once per free page, a few thousand pages per short transaction.
     */
    private void freePages(Statement st) throws SQLException {
        Connection c = db.connection();
        long free;
        do {
            try (ResultSet rs = st.executeQuery("PRAGMA freelist_count")) {
                free = rs.next() ? rs.getLong(1) : 0;
            }
            long step = Math.min(free, RECLAIM_PAGES);
            if (step > 0) {
                db.transaction(() -> {
                    for (long i = 0; i < step; i++) {
                        // a statement left mid-step would block the commit: one closed statement per page
                        try (Statement one = c.createStatement()) {
                            one.execute("PRAGMA incremental_vacuum(1)");
                        }
                    }
                    return null;
                });
            }
        } while (free > RECLAIM_PAGES);
    }

    private long count(String sql, long... params) throws SQLException {
        try (PreparedStatement st = bind(sql, params); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Object[]> keys(String sql, int columns, long... params) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (PreparedStatement st = bind(sql, params); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Object[] k = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    k[i] = rs.getObject(i + 1);
                }
                out.add(k);
            }
        }
        return out;
    }

    private void deleteEach(String sql, List<Object[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement st = db.connection().prepareStatement(sql)) {
            for (Object[] k : keys) {
                for (int i = 0; i < k.length; i++) {
                    st.setObject(i + 1, k[i]);
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private PreparedStatement bind(String sql, long... params) throws SQLException {
        PreparedStatement st = db.connection().prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            st.setLong(i + 1, params[i]);
        }
        return st;
    }
}
