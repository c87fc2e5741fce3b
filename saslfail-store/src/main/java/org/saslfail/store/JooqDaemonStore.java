package org.saslfail.store;

import org.saslfail.core.port.out.DaemonStore;
import static org.saslfail.store.jooq.Tables.DAEMON_HEARTBEAT;
import static org.saslfail.store.jooq.Tables.DAEMON_STATE;
import static org.saslfail.store.jooq.Tables.NODE_JAIL_OPS;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * {@link DaemonStore} of one node on the offense store's connection; calls lock the same monitor as
 * the store. Fleet nodes share the store but not their state: each has its own pending commands,
 * and its named state under {@code NODE/NAME} (the only node, {@link #LOCAL}, keeps the plain names
 * it always had).
 */
final class JooqDaemonStore implements DaemonStore {
    /** The node of a store without fleet.node. */
    static final String LOCAL = "local";
    private static final int TEXT_MAX = 500;

    private final Database db;
    private final DSLContext dsl;
    private final Object lock;
    private final String node;

    @Override
    public String location() {
        return db.location();
    }

    JooqDaemonStore(Database db, DSLContext dsl, Object lock, String node) {
        this.db = db;
        this.dsl = dsl;
        this.lock = lock;
        this.node = node;
    }

    private String scoped(String name) {
        return LOCAL.equals(node) ? name : node + "/" + name;
    }

    @Override
    public Optional<String> state(String name) {
        return run("cannot read", () -> dsl.select(DAEMON_STATE.VALUE).from(DAEMON_STATE)
                .where(DAEMON_STATE.NAME.eq(scoped(name))).fetchOptional(DAEMON_STATE.VALUE));
    }

    @Override
    public void putState(String name, String value, Instant at) {
        run("cannot write", () -> dsl.insertInto(DAEMON_STATE)
                .columns(DAEMON_STATE.NAME, DAEMON_STATE.VALUE, DAEMON_STATE.UPDATED_AT_MS)
                .values(scoped(name), cut(value), at.toEpochMilli())
                .onConflict(DAEMON_STATE.NAME).doUpdate()
                .set(DAEMON_STATE.VALUE, cut(value)).set(DAEMON_STATE.UPDATED_AT_MS, at.toEpochMilli())
                .execute());
    }

    @Override
    public void beat(Heartbeat h) {
        Long lag = h.intakeLag() == null ? null : h.intakeLag().toMillis();
        run("cannot write", () -> dsl.insertInto(DAEMON_HEARTBEAT)
                .columns(DAEMON_HEARTBEAT.NODE, DAEMON_HEARTBEAT.PID, DAEMON_HEARTBEAT.STARTED_AT_MS,
                        DAEMON_HEARTBEAT.BEAT_AT_MS, DAEMON_HEARTBEAT.INTAKE_LAG_MS, DAEMON_HEARTBEAT.PENDING,
                        DAEMON_HEARTBEAT.DETAIL)
                .values(h.node(), h.pid(), h.started().toEpochMilli(), h.beat().toEpochMilli(), lag, h.pending(),
                        cut(h.detail()))
                .onConflict(DAEMON_HEARTBEAT.NODE).doUpdate()
                .set(DAEMON_HEARTBEAT.PID, h.pid())
                .set(DAEMON_HEARTBEAT.STARTED_AT_MS, h.started().toEpochMilli())
                .set(DAEMON_HEARTBEAT.BEAT_AT_MS, h.beat().toEpochMilli())
                .set(DAEMON_HEARTBEAT.INTAKE_LAG_MS, lag)
                .set(DAEMON_HEARTBEAT.PENDING, h.pending())
                .set(DAEMON_HEARTBEAT.DETAIL, cut(h.detail()))
                .execute());
    }

    @Override
    public Optional<Heartbeat> heartbeat(String node) {
        return run("cannot read", () -> dsl.selectFrom(DAEMON_HEARTBEAT).where(DAEMON_HEARTBEAT.NODE.eq(node))
                .fetchOptional(JooqDaemonStore::heartbeat));
    }

    @Override
    public List<Heartbeat> heartbeats() {
        return run("cannot read", () -> dsl.selectFrom(DAEMON_HEARTBEAT).orderBy(DAEMON_HEARTBEAT.NODE)
                .fetch(JooqDaemonStore::heartbeat));
    }

    private static Heartbeat heartbeat(org.saslfail.store.jooq.tables.records.DaemonHeartbeatRecord r) {
        return new Heartbeat(r.getNode(), r.getPid(), Instant.ofEpochMilli(r.getStartedAtMs()),
                Instant.ofEpochMilli(r.getBeatAtMs()),
                r.getIntakeLagMs() == null ? null : Duration.ofMillis(r.getIntakeLagMs()), r.getPending(),
                r.getDetail());
    }

    @Override
    public void pending(JailName jail, IpPrefix target, Op op, Instant at, Instant nextAt, String error) {
        var t = NODE_JAIL_OPS;
        run("cannot write", () -> dsl.insertInto(t)
                .columns(t.NODE, t.JAIL, t.TARGET, t.OP, t.CREATED_AT_MS, t.ATTEMPTS, t.NEXT_AT_MS, t.LAST_ERROR)
                .values(node, jail.value(), target.toString(), op.id(), at.toEpochMilli(), 1, nextAt.toEpochMilli(), cut(error))
                .onConflict(t.NODE, t.JAIL, t.TARGET, t.OP).doUpdate()
                .set(t.ATTEMPTS, t.ATTEMPTS.plus(1))
                .set(t.NEXT_AT_MS, nextAt.toEpochMilli())
                .set(t.LAST_ERROR, cut(error))
                .execute());
    }

    @Override
    public List<PendingOp> due(Instant now, int limit) {
        var t = NODE_JAIL_OPS;
        return run("cannot read", () -> dsl.selectFrom(t).where(t.NODE.eq(node)).and(t.NEXT_AT_MS.le(now.toEpochMilli()))
                .orderBy(t.CREATED_AT_MS).limit(limit)
                .fetch(r -> new PendingOp(JailName.of(r.getJail()), IpPrefix.parse(r.getTarget()),
                        Op.valueOf(r.getOp().toUpperCase(java.util.Locale.ROOT)), Instant.ofEpochMilli(r.getCreatedAtMs()),
                        r.getAttempts(), Instant.ofEpochMilli(r.getNextAtMs()), r.getLastError())));
    }

    @Override
    public void done(JailName jail, IpPrefix target, Op op) {
        var t = NODE_JAIL_OPS;
        run("cannot write", () -> dsl.deleteFrom(t).where(t.NODE.eq(node)).and(t.JAIL.eq(jail.value())).and(t.TARGET.eq(target.toString()))
                .and(t.OP.eq(op.id())).execute());
    }

    @Override
    public int dropPending(IpPrefix target) {
        var t = NODE_JAIL_OPS;
        return run("cannot write", () -> dsl.deleteFrom(t).where(t.NODE.eq(node)).and(t.TARGET.eq(target.toString())).execute());
    }

    @Override
    public int pendingCount() {
        return run("cannot read", () -> dsl.fetchCount(NODE_JAIL_OPS, NODE_JAIL_OPS.NODE.eq(node)));
    }

    @Override
    public void limitPageCache(int kibibytes) {
        synchronized (lock) {
            db.limitPageCache(kibibytes);
        }
    }

    private static String cut(String s) {
        String one = s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
        return one.length() > TEXT_MAX ? one.substring(0, TEXT_MAX) : one;
    }

    private <T> T run(String what, Supplier<T> work) {
        synchronized (lock) {
            try {
                return work.get();
            } catch (DataAccessException e) {
                throw db.failure(what, e);
            }
        }
    }
}
