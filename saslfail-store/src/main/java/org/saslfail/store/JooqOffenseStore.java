package org.saslfail.store;

import org.saslfail.core.port.out.DaemonStore;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.min;
import static org.saslfail.store.jooq.Tables.EVENTS;
import static org.saslfail.store.jooq.Tables.OFFENDER_KEYS;
import static org.saslfail.store.jooq.Tables.OFFENSES;
import static org.saslfail.store.jooq.Tables.SPARED_SUBNETS;
import static org.saslfail.store.jooq.Tables.TOTALS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.store.jooq.tables.Offenses;

/**
 * The store ports over one JDBC connection (SQLite or PostgreSQL), with jOOQ and the classes it
 * generated from the migration scripts. Calls are serialised on the connection. This class
 * writes (and loads the history the engine decides on); the report queries are
 * {@link JooqReportQueries}, on the same connection and lock.
 */
final class JooqOffenseStore extends JooqReportQueries implements OffenseStore {
    /** Outcomes per JDBC batch in {@link #recordAll}. */
    private static final int CHUNK = 1000;
    private static final int DETAIL_MAX = 500;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    /** The first half of saslfail's PostgreSQL advisory lock keys for decisions ("sasl" in ASCII). */
    private static final int DECISION_LOCKS = 0x7361736c;

    /** The write statements, rendered on first write: report commands never pay for them. */
    private WriteSql writeSql;

    private final StorePruner pruner;
    private final JooqFleetDecisions fleet;
    private static final long SQLITE_POLL_MS = 1000;
    /** Opened by the first wait for decisions (PostgreSQL only). */
    private volatile FleetListener listener;

    JooqOffenseStore(Database db) {
        super(db);
        this.pruner = new StorePruner(db);
        this.fleet = new JooqFleetDecisions(db);
    }

    @Override
    public DaemonStore daemon() {
        return daemon(JooqDaemonStore.LOCAL);
    }

    @Override
    public DaemonStore daemon(String node) {
        return new JooqDaemonStore(db, dsl(), this, node);
    }

    // ---- FleetDecisionPort

    @Override
    public synchronized FleetDecision publish(FleetDecision decision) {
        return db.write(() -> fleet.publish(dsl(), decision));
    }

    @Override
    public synchronized List<FleetDecision> after(long id, int limit) {
        return read(() -> fleet.after(dsl(), id, limit));
    }

    @Override
    public synchronized List<FleetDecision> ending(String node, Instant from, Instant to, int limit) {
        return read(() -> fleet.ending(dsl(), node, from, to, limit));
    }

    @Override
    public synchronized java.util.Optional<Applied> applied(String node) {
        return read(() -> fleet.applied(dsl(), node));
    }

    @Override
    public synchronized void markApplied(Applied applied) {
        db.write(() -> {
            fleet.markApplied(dsl(), applied);
            return null;
        });
    }

    @Override
    public synchronized List<Applied> progress() {
        return read(() -> fleet.progress(dsl()));
    }

    @Override
    public synchronized long newest() {
        return read(() -> fleet.newest(dsl()));
    }

    /** Not synchronized: it blocks on a connection of its own, never on the store's. */
    @Override
    public void await(long id, Duration wait) throws InterruptedException {
        FleetListener l = null;
        if (!db.isSqlite()) {
            synchronized (this) {
                if (listener == null) {
                    listener = new FleetListener(db);
                }
                l = listener;
            }
            l.listen();
        }
        if (l != null) {
            if (newest() <= id) {
                l.await(wait);
            }
            return;
        }
        // SQLite: no signal between processes; a local file read a second is cheap
        long end = System.nanoTime() + wait.toNanos();
        while (newest() <= id && System.nanoTime() < end) {
            Thread.sleep(Math.min(SQLITE_POLL_MS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    // ---- KnownUserPort

    @Override
    public synchronized int recordLogins(Collection<Login> logins) {
        return db.write(() -> new JooqLogins(dsl()).record(logins));
    }

    @Override
    public synchronized List<Login> logins(IpPrefix prefix, Instant since, int limit) {
        return read(() -> new JooqLogins(dsl()).find(prefix, since, limit));
    }

    @Override
    public synchronized int forgetLogins(Instant before) {
        return db.write(() -> new JooqLogins(dsl()).forget(before));
    }

    @Override
    public String location() {
        return db.location();
    }

    @Override
    public synchronized StoreCheck check() {
        try {
            return new Migrator(db).check();
        } catch (java.sql.SQLException e) {
            throw db.failure("cannot check the schema and privileges", e);
        }
    }

    // ---- LoadHistoryPort

    @Override
    public synchronized List<Offense> history(IpPrefix offender, Instant since) {
        long s = since.toEpochMilli();
        Offenses o = OFFENSES;
        Condition notEnded = o.EXPIRES_AT_MS.isNull().or(o.EXPIRES_AT_MS.gt(s))
                .and(o.LIFTED_AT_MS.isNull().or(o.LIFTED_AT_MS.gt(s)));
        return read(() -> dsl().selectFrom(o)
                .where(is(o, offender))
                .and(o.AT_MS.ge(s).or(notEnded))
                .orderBy(o.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    @Override
    public synchronized List<Offense> offensesWithin(IpPrefix prefix, Instant since) {
        return read(() -> dsl().selectFrom(OFFENSES)
                .where(within(prefix))
                .and(OFFENSES.AT_MS.gt(since.toEpochMilli()))
                .orderBy(OFFENSES.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    @Override
    public synchronized boolean seen(String eventKey) {
        return read(() -> dsl().fetchExists(EVENTS, EVENTS.EVENT_KEY.eq(eventKey)));
    }

    // ---- RecordOutcomePort

    @Override
    public synchronized boolean record(Outcome outcome) {
        return recordAll(List.of(outcome)) == 1;
    }

    @Override
    public synchronized int recordAll(List<Outcome> outcomes) {
        return db.write(() -> {
            int fresh = 0;
            for (int from = 0; from < outcomes.size(); from += CHUNK) {
                fresh += writeChunk(outcomes.subList(from, Math.min(outcomes.size(), from + CHUNK)));
            }
            return fresh;
        });
    }

    /** The statements recordAll binds, as SQL text with "?" parameters. */
    private record WriteSql(String insertEvent, String insertOffense, String liftOffense, String addOffenderKey,
                            String addToTotal) {
    }

    private WriteSql writeSql() {
        if (writeSql == null) {
            Param<?> p = DSL.param();
            writeSql = new WriteSql(
                    dsl().render(dsl().insertInto(EVENTS, EVENTS.EVENT_KEY, EVENTS.ACTION, EVENTS.JAIL, EVENTS.IP,
                                    EVENTS.IP_HEX, EVENTS.OFFENDER, EVENTS.AT_MS, EVENTS.RESULT, EVENTS.STRIKE,
                                    EVENTS.SERVICE, EVENTS.DETAIL)
                            .values(Collections.nCopies(11, p)).onConflictDoNothing()),
                    dsl().render(dsl().insertInto(OFFENSES, OFFENSES.OFFENDER, OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN,
                                    OFFENSES.IP, OFFENSES.SERVICE, OFFENSES.STRIKE, OFFENSES.JAIL, OFFENSES.AT_MS,
                                    OFFENSES.EXPIRES_AT_MS, OFFENSES.LIFTED_AT_MS, OFFENSES.KNOWN_USERS, OFFENSES.NODE)
                            .values(Collections.nCopies(12, p))),
                    dsl().render(dsl().update(OFFENSES).set(OFFENSES.LIFTED_AT_MS, DSL.param(OFFENSES.LIFTED_AT_MS))
                            .where(OFFENSES.OFFENDER_HEX.eq(DSL.param(OFFENSES.OFFENDER_HEX)))
                            .and(OFFENSES.OFFENDER_LEN.eq(DSL.param(OFFENSES.OFFENDER_LEN)))
                            .and(OFFENSES.JAIL.eq(DSL.param(OFFENSES.JAIL)))
                            .and(OFFENSES.AT_MS.eq(DSL.param(OFFENSES.AT_MS)))
                            .and(OFFENSES.LIFTED_AT_MS.isNull())),
                    dsl().render(dsl().insertInto(OFFENDER_KEYS, OFFENDER_KEYS.OFFENDER_HEX, OFFENDER_KEYS.OFFENDER_LEN)
                            .values(Collections.nCopies(2, p)).onConflictDoNothing()),
                    dsl().render(dsl().insertInto(TOTALS, TOTALS.COUNTER, TOTALS.STRIKE, TOTALS.SERVICE, TOTALS.TOTAL)
                            .values(Collections.nCopies(4, p))
                            .onConflict(TOTALS.COUNTER, TOTALS.STRIKE, TOTALS.SERVICE)
                            .doUpdate().set(TOTALS.TOTAL, TOTALS.TOTAL.plus(DSL.excluded(TOTALS.TOTAL)))));
        }
        return writeSql;
    }

    /**
     * Writes events first, then offenses and lifts for the events that were new. Plain JDBC
     * batches of statements jOOQ rendered once: binding through jOOQ per row cost more than
     * SQLite's own work on a million-row import.
     */
    private int writeChunk(List<Outcome> chunk) throws SQLException {
        Connection c = db.connection();
        WriteSql sql = writeSql();
        int fresh = 0;
        List<Outcome> stored = new ArrayList<>(chunk.size());
        int[] inserted;
        try (PreparedStatement events = c.prepareStatement(sql.insertEvent())) {
            for (Outcome o : chunk) {
                check(o);
                if (o.result() == Result.IGNORED) {
                    fresh++; // never stored (DESIGN §2), yet not a duplicate
                } else if (o.result() != Result.DUPLICATE) {
                    bindEvent(events, o);
                    events.addBatch();
                    stored.add(o);
                }
            }
            if (stored.isEmpty()) {
                return fresh;
            }
            inserted = events.executeBatch();
        }
        Totals totals = new Totals();
        // sorted: concurrent writers (PostgreSQL) take the offender keys' locks in one order
        TreeMap<String, Set<Integer>> offenders = new TreeMap<>();
        try (PreparedStatement offenses = c.prepareStatement(sql.insertOffense());
             PreparedStatement lifts = c.prepareStatement(sql.liftOffense())) {
            boolean anyOffense = false;
            boolean anyLift = false;
            for (int i = 0; i < stored.size(); i++) {
                if (inserted[i] < 0) {
                    throw new IllegalStateException("the JDBC driver did not report batch row counts");
                }
                if (inserted[i] == 0) {
                    continue;
                }
                fresh++;
                Outcome o = stored.get(i);
                if (o.result() == Result.RESTORE || o.result() == Result.REPEAT) {
                    totals.add(o.result().id(), 0, "", 1);
                } else if (o.result() == Result.OFFENSE) {
                    Offense offense = o.offense();
                    bindOffense(offenses, offense);
                    offenses.addBatch();
                    anyOffense = true;
                    totals.add(Totals.OFFENSES, offense.strike(), offense.service().id(), 1);
                    offenders.computeIfAbsent(AddressKeys.low(offense.offender()), k -> new TreeSet<>())
                            .add(offense.offender().length());
                } else if (o.result() == Result.UNBAN && o.offense() != null) {
                    Offense l = o.offense();
                    lifts.setLong(1, (l.liftedAt() != null ? l.liftedAt() : o.event().at()).toEpochMilli());
                    lifts.setString(2, AddressKeys.low(l.offender()));
                    lifts.setInt(3, l.offender().length());
                    lifts.setString(4, l.jail().value());
                    lifts.setLong(5, l.at().toEpochMilli());
                    lifts.addBatch();
                    anyLift = true;
                }
            }
            // offenses before lifts: a lift may end an offense of the same chunk
            if (anyOffense) {
                totals.add(Totals.OFFENDERS, 0, "", newOffenders(c, sql.addOffenderKey(), offenders));
                offenses.executeBatch();
            }
            if (anyLift) {
                lifts.executeBatch();
            }
        }
        totals.apply(c, sql.addToTotal());
        return fresh;
    }

    /** Adds these offenders (address key to prefix lengths) to offender_keys; returns how many were not there yet. */
    private static int newOffenders(Connection c, String addOffenderKey, Map<String, Set<Integer>> offenders)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(addOffenderKey)) {
            for (var e : offenders.entrySet()) {
                for (int length : e.getValue()) {
                    st.setString(1, e.getKey());
                    st.setInt(2, length);
                    st.addBatch();
                }
            }
            int fresh = 0;
            for (int n : st.executeBatch()) {
                if (n < 0) {
                    throw new IllegalStateException("the JDBC driver did not report batch row counts");
                }
                fresh += n;
            }
            return fresh;
        }
    }

    /**
     * Changes to the running totals of schema 5 (table totals), gathered over one write and added
     * in the same transaction, so that {@link #summary} reads a handful of rows instead of counting
     * the history.
     */
    private static final class Totals {
        static final String OFFENSES = OFFENSES_COUNTER;
        static final String OFFENDERS = OFFENDERS_COUNTER;

        private record Key(String counter, int strike, String service) {
        }

        /** Sorted: concurrent writers (PostgreSQL) update the rows in one order, so they queue instead of deadlocking. */
        private final Map<Key, Long> changes = new TreeMap<>(Comparator.comparing(Key::counter)
                .thenComparingInt(Key::strike).thenComparing(Key::service));

        void add(String counter, int strike, String service, long n) {
            changes.merge(new Key(counter, strike, service), n, Long::sum);
        }

        void apply(Connection c, String addToTotal) throws SQLException {
            changes.values().removeIf(n -> n == 0);
            if (changes.isEmpty()) {
                return;
            }
            try (PreparedStatement st = c.prepareStatement(addToTotal)) {
                for (var e : changes.entrySet()) {
                    st.setString(1, e.getKey().counter());
                    st.setInt(2, e.getKey().strike());
                    st.setString(3, e.getKey().service());
                    st.setLong(4, e.getValue());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    /** One row per subnet and UTC day; an upsert keeps the widest times and the largest count (idempotent). */
    /**
     * One transaction for the whole decision. SQLite begins it IMMEDIATE (see {@link Database}): it
     * holds the database's write lock from the first read, so every other writer waits. PostgreSQL
     * takes a transaction-scoped advisory lock on the key first; under READ COMMITTED the reads
     * after it see whatever the previous holder committed.
     */
    @Override
    public synchronized <T> T serialised(IpPrefix key, Supplier<T> decision) {
        return db.write(() -> {
            if (!db.isSqlite()) {
                try (PreparedStatement lock = db.connection().prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                    lock.setInt(1, DECISION_LOCKS);
                    lock.setInt(2, key.toString().hashCode());
                    lock.execute();
                }
            }
            return decision.get();
        });
    }

    @Override
    public synchronized boolean recordSpared(SparedSubnet spared) {
        var t = SPARED_SUBNETS;
        String hex = AddressKeys.low(spared.subnet());
        long day = Math.floorDiv(spared.first().toEpochMilli(), DAY_MS);
        long first = spared.first().toEpochMilli();
        long last = spared.last().toEpochMilli();
        return db.write(() -> {
            boolean fresh = !dsl().fetchExists(t, t.SUBNET_HEX.eq(hex).and(t.SUBNET_LEN.eq(spared.subnet().length()))
                    .and(t.DAY.eq(day)));
            dsl().insertInto(t, t.SUBNET, t.SUBNET_HEX, t.SUBNET_LEN, t.DAY, t.SPARED_BY, t.SERVICE, t.OFFENDERS,
                            t.FIRST_AT_MS, t.LAST_AT_MS)
                    .values(spared.subnet().toString(), hex, spared.subnet().length(), day, spared.sparedBy().toString(),
                            spared.service().id(), spared.offenders(), first, last)
                    .onConflict(t.SUBNET_HEX, t.SUBNET_LEN, t.DAY)
                    .doUpdate()
                    .set(t.FIRST_AT_MS, DSL.when(DSL.excluded(t.FIRST_AT_MS).lt(t.FIRST_AT_MS), DSL.excluded(t.FIRST_AT_MS))
                            .otherwise(t.FIRST_AT_MS))
                    .set(t.LAST_AT_MS, DSL.when(DSL.excluded(t.LAST_AT_MS).gt(t.LAST_AT_MS), DSL.excluded(t.LAST_AT_MS))
                            .otherwise(t.LAST_AT_MS))
                    .set(t.OFFENDERS, DSL.when(DSL.excluded(t.OFFENDERS).gt(t.OFFENDERS), DSL.excluded(t.OFFENDERS))
                            .otherwise(t.OFFENDERS))
                    .execute();
            return fresh;
        });
    }

    private static void check(Outcome o) {
        if (o.result() == Result.OFFENSE && o.offense() == null) {
            throw new IllegalArgumentException("offense outcome without an offense: " + o.event().key());
        }
    }

    private static void bindEvent(PreparedStatement st, Outcome o) throws SQLException {
        BanEvent e = o.event();
        String detail = o.detail();
        st.setString(1, e.key());
        st.setString(2, e.kind().action());
        st.setString(3, e.jail().value());
        st.setString(4, e.ip().toString());
        st.setString(5, AddressKeys.hex(e.ip()));
        st.setString(6, o.offender().toString());
        st.setLong(7, e.at().toEpochMilli());
        st.setString(8, o.result().id());
        st.setInt(9, o.result() == Result.OFFENSE ? o.offense().strike() : 0);
        st.setString(10, o.service() == null ? null : o.service().id());
        st.setString(11, detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX) : detail);
    }

    private static void bindOffense(PreparedStatement st, Offense o) throws SQLException {
        st.setString(1, o.offender().toString());
        st.setString(2, AddressKeys.hex(o.offender().network()));
        st.setInt(3, o.offender().length());
        st.setString(4, o.ip().toString());
        st.setString(5, o.service().id());
        st.setInt(6, o.strike());
        st.setString(7, o.jail().value());
        st.setLong(8, o.at().toEpochMilli());
        st.setObject(9, o.expiresAt() == null ? null : o.expiresAt().toEpochMilli(), Types.BIGINT);
        st.setObject(10, o.liftedAt() == null ? null : o.liftedAt().toEpochMilli(), Types.BIGINT);
        st.setString(11, JooqLogins.joinUsers(o.knownUsers()));
        st.setString(12, o.node());
    }


    // ---- admin operations

    @Override
    public synchronized int forget(IpPrefix prefix) {
        Condition events = EVENTS.IP_HEX.between(AddressKeys.low(prefix), AddressKeys.high(prefix));
        return db.write(() -> {
            // what leaves the running totals: every offender inside the prefix goes with all its offenses
            Totals totals = new Totals();
            for (var r : dsl().select(OFFENSES.STRIKE, OFFENSES.SERVICE, count()).from(OFFENSES).where(within(prefix))
                    .groupBy(OFFENSES.STRIKE, OFFENSES.SERVICE).fetch()) {
                totals.add(Totals.OFFENSES, r.value1(), r.value2(), -r.value3());
            }
            totals.add(Totals.OFFENDERS, 0, "", -dsl().deleteFrom(OFFENDER_KEYS)
                    .where(OFFENDER_KEYS.OFFENDER_HEX.between(AddressKeys.low(prefix), AddressKeys.high(prefix)))
                    .and(OFFENDER_KEYS.OFFENDER_LEN.ge(prefix.length())).execute());
            for (var r : dsl().select(EVENTS.RESULT, count()).from(EVENTS).where(events)
                    .and(EVENTS.RESULT.in(Result.RESTORE.id(), Result.REPEAT.id())).groupBy(EVENTS.RESULT).fetch()) {
                totals.add(r.value1(), 0, "", -r.value2());
            }
            int erased = dsl().deleteFrom(OFFENSES).where(within(prefix)).execute();
            dsl().deleteFrom(EVENTS).where(events).execute();
            totals.apply(db.connection(), writeSql().addToTotal());
            return erased;
        });
    }

    @Override
    public synchronized int lift(IpPrefix prefix, Instant at) {
        long t = at.toEpochMilli();
        // Offense.liftableAt and Offense.liftedAt: a ban dated after the lift (fail2ban rounds to the second) ends where it begins
        return db.write(() -> dsl().update(OFFENSES).set(OFFENSES.LIFTED_AT_MS, DSL.greatest(DSL.val(t), OFFENSES.AT_MS))
                .where(within(prefix))
                .and(OFFENSES.EXPIRES_AT_MS.isNull().or(OFFENSES.EXPIRES_AT_MS.gt(t)))
                .and(OFFENSES.LIFTED_AT_MS.isNull())
                .execute());
    }

    // ---- PrunePort

    @Override
    public synchronized org.saslfail.core.port.in.PruneUseCase.Pruned countPrunable(Instant cutoff, Instant now) {
        return pruner.count(cutoff, now);
    }

    @Override
    public synchronized org.saslfail.core.port.in.PruneUseCase.Pruned pruneBatch(Instant cutoff, Instant now, int limit) {
        return pruner.batch(cutoff, now, limit);
    }

    @Override
    public synchronized void reclaimSpace() {
        pruner.reclaim();
    }

    @Override
    public void close() {
        FleetListener l = listener;
        if (l != null) {
            l.close();
        }
        synchronized (this) {
            db.close();
        }
    }
}
