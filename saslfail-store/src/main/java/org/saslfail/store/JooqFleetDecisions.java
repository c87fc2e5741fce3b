package org.saslfail.store;

import static org.saslfail.store.jooq.Tables.FLEET_APPLIED;
import static org.saslfail.store.jooq.Tables.FLEET_DECISIONS;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.FleetDecisionPort.Applied;
import org.saslfail.store.jooq.tables.records.FleetDecisionsRecord;

/**
 * The fleet's decision log in the store (schema 7). Ids are {@code max + 1} taken under one
 * PostgreSQL advisory lock held to commit, so ids follow commit order across every node (SQLite has
 * one writer anyway); the commit also sends {@code NOTIFY saslfail_fleet}. Called by
 * {@link JooqOffenseStore} under its lock and inside its transactions.
 */
final class JooqFleetDecisions {
    /** The channel the nodes LISTEN on. */
    static final String CHANNEL = "saslfail_fleet";
    /** saslfail's advisory lock for the decision log ("fled" in ASCII; the decision locks use two keys, this one). */
    private static final long LOG_LOCK = 0x666c6564L;

    private final Database db;

    JooqFleetDecisions(Database db) {
        this.db = db;
    }

    FleetDecision publish(DSLContext dsl, FleetDecision d) throws SQLException {
        if (!db.isSqlite()) {
            try (PreparedStatement st = db.connection().prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                st.setLong(1, LOG_LOCK);
                st.execute();
            }
        }
        var t = FLEET_DECISIONS;
        long id = dsl.select(DSL.coalesce(DSL.max(t.ID), 0L)).from(t).fetchOne(0, Long.class) + 1;
        dsl.insertInto(t, t.ID, t.NODE, t.ACTION, t.OFFENDER, t.JAIL, t.STRIKE, t.AT_MS, t.EXPIRES_AT_MS, t.DECIDED_AT_MS)
                .values(id, d.node(), d.action().id(), d.offender().toString(), d.jail() == null ? null : d.jail().value(),
                        d.strike(), d.at().toEpochMilli(), d.expiresAt() == null ? null : d.expiresAt().toEpochMilli(),
                        System.currentTimeMillis())
                .execute();
        if (!db.isSqlite()) {
            try (PreparedStatement st = db.connection().prepareStatement("SELECT pg_notify(?, ?)")) {
                st.setString(1, CHANNEL);
                st.setString(2, Long.toString(id));
                st.execute();
            }
        }
        return d.withId(id);
    }

    List<FleetDecision> after(DSLContext dsl, long id, int limit) {
        var t = FLEET_DECISIONS;
        return dsl.selectFrom(t).where(t.ID.gt(id)).orderBy(t.ID).limit(limit).fetch(JooqFleetDecisions::decision);
    }

    List<FleetDecision> ending(DSLContext dsl, String node, Instant from, Instant to, int limit) {
        var t = FLEET_DECISIONS;
        return dsl.selectFrom(t).where(t.EXPIRES_AT_MS.gt(from.toEpochMilli())).and(t.EXPIRES_AT_MS.le(to.toEpochMilli()))
                .and(t.ACTION.eq(FleetDecision.Action.BAN.id())).and(t.NODE.ne(node))
                .orderBy(t.EXPIRES_AT_MS, t.ID).limit(limit).fetch(JooqFleetDecisions::decision);
    }

    Optional<Applied> applied(DSLContext dsl, String node) {
        var t = FLEET_APPLIED;
        return dsl.selectFrom(t).where(t.NODE.eq(node)).fetchOptional(r -> new Applied(r.getNode(), r.getAppliedId(),
                Instant.ofEpochMilli(r.getAppliedAtMs()), Instant.ofEpochMilli(r.getExpiredToMs())));
    }

    List<Applied> progress(DSLContext dsl) {
        var t = FLEET_APPLIED;
        return dsl.selectFrom(t).orderBy(t.NODE).fetch(r -> new Applied(r.getNode(), r.getAppliedId(),
                Instant.ofEpochMilli(r.getAppliedAtMs()), Instant.ofEpochMilli(r.getExpiredToMs())));
    }

    void markApplied(DSLContext dsl, Applied a) {
        var t = FLEET_APPLIED;
        dsl.insertInto(t, t.NODE, t.APPLIED_ID, t.APPLIED_AT_MS, t.EXPIRED_TO_MS)
                .values(a.node(), a.id(), a.at().toEpochMilli(), a.expiredTo().toEpochMilli())
                .onConflict(t.NODE).doUpdate()
                .set(t.APPLIED_ID, a.id()).set(t.APPLIED_AT_MS, a.at().toEpochMilli())
                .set(t.EXPIRED_TO_MS, a.expiredTo().toEpochMilli())
                .execute();
    }

    long newest(DSLContext dsl) {
        return dsl.select(DSL.coalesce(DSL.max(FLEET_DECISIONS.ID), 0L)).from(FLEET_DECISIONS).fetchOne(0, Long.class);
    }

    private static FleetDecision decision(FleetDecisionsRecord r) {
        return new FleetDecision(r.getId(), r.getNode(), FleetDecision.Action.parse(r.getAction()),
                IpPrefix.parse(r.getOffender()), r.getJail() == null ? null : JailName.of(r.getJail()), r.getStrike(),
                Instant.ofEpochMilli(r.getAtMs()), r.getExpiresAtMs() == null ? null : Instant.ofEpochMilli(r.getExpiresAtMs()));
    }
}
