package org.saslfail.store;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.saslfail.store.jooq.Tables.EVENTS;
import static org.saslfail.store.jooq.Tables.OFFENSES;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jooq.BatchBindStep;
import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;
import org.saslfail.store.jooq.tables.Offenses;
import org.saslfail.store.jooq.tables.records.EventsRecord;
import org.saslfail.store.jooq.tables.records.OffensesRecord;

/**
 * The store ports over one JDBC connection (SQLite or PostgreSQL), with jOOQ and the classes it
 * generated from the migration scripts. Calls are serialised on the connection.
 */
final class JooqOffenseStore implements OffenseStore {
    /** Outcomes per JDBC batch in {@link #recordAll}. */
    private static final int CHUNK = 1000;
    private static final int DETAIL_MAX = 500;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Database db;
    private final DSLContext dsl;

    JooqOffenseStore(Database db) {
        this.db = db;
        this.dsl = DSL.using(db.connection(), db.dialect(),
                new Settings().withExecuteLogging(false).withRenderSchema(false));
    }

    @Override
    public DaemonStore daemon() {
        return new JooqDaemonStore(db, dsl, this);
    }

    @Override
    public String location() {
        return db.location();
    }

    // ---- LoadHistoryPort

    @Override
    public synchronized List<Offense> history(IpPrefix offender, Instant since) {
        long s = since.toEpochMilli();
        Offenses o = OFFENSES;
        Condition notEnded = o.EXPIRES_AT_MS.isNull().or(o.EXPIRES_AT_MS.gt(s))
                .and(o.LIFTED_AT_MS.isNull().or(o.LIFTED_AT_MS.gt(s)));
        return read(() -> dsl.selectFrom(o)
                .where(o.OFFENDER.eq(offender.toString()))
                .and(o.AT_MS.ge(s).or(notEnded))
                .orderBy(o.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    @Override
    public synchronized boolean seen(String eventKey) {
        return read(() -> dsl.fetchExists(EVENTS, EVENTS.EVENT_KEY.eq(eventKey)));
    }

    // ---- RecordOutcomePort

    @Override
    public synchronized boolean record(Outcome outcome) {
        return recordAll(List.of(outcome)) == 1;
    }

    @Override
    public synchronized int recordAll(List<Outcome> outcomes) {
        return write(() -> {
            int fresh = 0;
            for (int from = 0; from < outcomes.size(); from += CHUNK) {
                fresh += writeChunk(outcomes.subList(from, Math.min(outcomes.size(), from + CHUNK)));
            }
            return fresh;
        });
    }

    /** Writes events first, then offenses and lifts for the events that were new. */
    private int writeChunk(List<Outcome> chunk) {
        int fresh = 0;
        List<Outcome> stored = new ArrayList<>(chunk.size());
        BatchBindStep events = dsl.batch(dsl.insertInto(EVENTS).columns(EVENTS.fields())
                .values(Collections.nCopies(EVENTS.fields().length, null)).onConflictDoNothing());
        for (Outcome o : chunk) {
            check(o);
            if (o.result() == Result.IGNORED) {
                fresh++; // never stored (DESIGN §2), yet not a duplicate
            } else if (o.result() != Result.DUPLICATE) {
                events = events.bind(eventRow(o).intoArray());
                stored.add(o);
            }
        }
        if (stored.isEmpty()) {
            return fresh;
        }
        int[] inserted = events.execute();
        List<Object[]> offenses = new ArrayList<>();
        List<Offense> lifts = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if (inserted[i] < 0) {
                throw new IllegalStateException("the JDBC driver did not report batch row counts");
            }
            if (inserted[i] == 0) {
                continue;
            }
            fresh++;
            Outcome o = stored.get(i);
            if (o.result() == Result.OFFENSE) {
                offenses.add(offenseRow(o.offense()).intoArray());
            } else if (o.result() == Result.UNBAN && o.offense() != null) {
                lifts.add(o.offense().liftedAt() != null ? o.offense() : o.offense().liftedAt(o.event().at()));
            }
        }
        if (!offenses.isEmpty()) {
            BatchBindStep insert = dsl.batch(dsl.insertInto(OFFENSES).columns(OFFENSES.fields())
                    .values(Collections.nCopies(OFFENSES.fields().length, null)));
            for (Object[] row : offenses) {
                insert = insert.bind(row);
            }
            insert.execute();
        }
        if (!lifts.isEmpty()) {
            BatchBindStep update = dsl.batch(dsl.update(OFFENSES).set(OFFENSES.LIFTED_AT_MS, (Long) null)
                    .where(OFFENSES.OFFENDER.eq((String) null)).and(OFFENSES.JAIL.eq((String) null))
                    .and(OFFENSES.AT_MS.eq((Long) null)).and(OFFENSES.LIFTED_AT_MS.isNull()));
            for (Offense l : lifts) {
                update = update.bind(l.liftedAt().toEpochMilli(), l.offender().toString(), l.jail().value(),
                        l.at().toEpochMilli());
            }
            update.execute();
        }
        return fresh;
    }

    private static void check(Outcome o) {
        if (o.result() == Result.OFFENSE && o.offense() == null) {
            throw new IllegalArgumentException("offense outcome without an offense: " + o.event().key());
        }
    }

    private EventsRecord eventRow(Outcome o) {
        EventsRecord r = dsl.newRecord(EVENTS);
        r.setEventKey(o.event().key());
        r.setAction(o.event().kind().action());
        r.setJail(o.event().jail().value());
        r.setIp(o.event().ip().toString());
        r.setIpHex(AddressKeys.hex(o.event().ip()));
        r.setOffender(o.offender().toString());
        r.setAtMs(o.event().at().toEpochMilli());
        r.setResult(o.result().id());
        r.setStrike(o.result() == Result.OFFENSE ? o.offense().strike() : 0);
        r.setService(o.service() == null ? null : o.service().id());
        String detail = o.detail();
        r.setDetail(detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX) : detail);
        return r;
    }

    private OffensesRecord offenseRow(Offense o) {
        OffensesRecord r = dsl.newRecord(OFFENSES);
        r.setOffender(o.offender().toString());
        r.setOffenderHex(AddressKeys.hex(o.offender().network()));
        r.setOffenderLen(o.offender().length());
        r.setIp(o.ip().toString());
        r.setService(o.service().id());
        r.setStrike(o.strike());
        r.setJail(o.jail().value());
        r.setAtMs(o.at().toEpochMilli());
        r.setExpiresAtMs(o.expiresAt() == null ? null : o.expiresAt().toEpochMilli());
        r.setLiftedAtMs(o.liftedAt() == null ? null : o.liftedAt().toEpochMilli());
        return r;
    }

    private static Offense offense(OffensesRecord r) {
        return new Offense(IpPrefix.parse(r.getOffender()), IpAddress.parse(r.getIp()), Service.parse(r.getService()),
                r.getStrike(), JailName.of(r.getJail()), Instant.ofEpochMilli(r.getAtMs()),
                r.getExpiresAtMs() == null ? null : Instant.ofEpochMilli(r.getExpiresAtMs()),
                r.getLiftedAtMs() == null ? null : Instant.ofEpochMilli(r.getLiftedAtMs()));
    }

    // ---- ReportQueryPort

    @Override
    public synchronized List<ActiveBan> activeBans(Instant at) {
        long t = at.toEpochMilli();
        return read(() -> {
            Map<String, Offense> latest = new HashMap<>();
            for (Offense o : dsl.selectFrom(OFFENSES).where(active(OFFENSES, t)).fetch(JooqOffenseStore::offense)) {
                latest.merge(o.offender().toString(), o, (a, b) ->
                        b.at().isAfter(a.at()) || b.at().equals(a.at()) && b.strike() > a.strike() ? b : a);
            }
            if (latest.isEmpty()) {
                return List.of();
            }
            Offenses running = OFFENSES.as("running");
            Map<String, Integer> counts = new HashMap<>();
            dsl.select(OFFENSES.OFFENDER, count()).from(OFFENSES)
                    .where(OFFENSES.OFFENDER.in(dsl.select(running.OFFENDER).from(running).where(active(running, t))))
                    .groupBy(OFFENSES.OFFENDER)
                    .forEach(r -> counts.put(r.value1(), r.value2()));
            List<ActiveBan> bans = new ArrayList<>(latest.size());
            for (Offense o : latest.values()) {
                bans.add(new ActiveBan(o.offender(), o.strike(), o.jail(), o.service(), o.at(), o.expiresAt(),
                        counts.getOrDefault(o.offender().toString(), 1)));
            }
            bans.sort(Comparator.comparingInt(ActiveBan::strike).reversed()
                    .thenComparing(ActiveBan::bannedAt, Comparator.reverseOrder())
                    .thenComparing(ActiveBan::offender));
            return bans;
        });
    }

    /** Offenses whose ban holds at {@code t}: started, not expired, not lifted. */
    private static Condition active(Offenses o, long t) {
        return o.AT_MS.le(t)
                .and(o.EXPIRES_AT_MS.gt(t).or(o.EXPIRES_AT_MS.isNull()))
                .and(o.LIFTED_AT_MS.isNull().or(o.LIFTED_AT_MS.gt(t)));
    }

    /** {@code since} is inclusive, {@code until} exclusive; {@code within} matches the event's address. */
    @Override
    public synchronized List<HistoryEntry> history(HistoryQuery query) {
        List<Condition> where = new ArrayList<>();
        if (query.since() != null) {
            where.add(EVENTS.AT_MS.ge(query.since().toEpochMilli()));
        }
        if (query.until() != null) {
            where.add(EVENTS.AT_MS.lt(query.until().toEpochMilli()));
        }
        if (query.within() != null) {
            where.add(EVENTS.IP_HEX.between(AddressKeys.low(query.within()), AddressKeys.high(query.within())));
        }
        return read(() -> dsl.selectFrom(EVENTS).where(where).orderBy(EVENTS.AT_MS.desc()).limit(query.limit())
                .fetch(r -> new HistoryEntry(Instant.ofEpochMilli(r.getAtMs()), IpAddress.parse(r.getIp()),
                        IpPrefix.parse(r.getOffender()), r.getAction(), r.getStrike(), JailName.of(r.getJail()),
                        r.getResult())));
    }

    @Override
    public synchronized List<Offense> offensesWithin(IpPrefix prefix) {
        return read(() -> dsl.selectFrom(OFFENSES)
                .where(within(prefix))
                .orderBy(OFFENSES.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    private static Condition within(IpPrefix prefix) {
        return OFFENSES.OFFENDER_HEX.between(AddressKeys.low(prefix), AddressKeys.high(prefix))
                .and(OFFENSES.OFFENDER_LEN.ge(prefix.length()));
    }

    @Override
    public synchronized List<Offense> offensesCovering(IpPrefix prefix) {
        return read(() -> dsl.selectFrom(OFFENSES)
                .where(OFFENSES.OFFENDER.in(AddressKeys.covering(prefix)))
                .orderBy(OFFENSES.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    @Override
    public synchronized Summary summary(Instant now) {
        long t = now.toEpochMilli();
        return read(() -> {
            long total = 0;
            Map<Integer, Long> byStrike = new TreeMap<>();
            Map<String, Long> byService = new TreeMap<>();
            for (var r : dsl.select(OFFENSES.STRIKE, OFFENSES.SERVICE, count()).from(OFFENSES)
                    .groupBy(OFFENSES.STRIKE, OFFENSES.SERVICE).fetch()) {
                total += r.value3();
                byStrike.merge(r.value1(), (long) r.value3(), Long::sum);
                byService.merge(r.value2(), (long) r.value3(), Long::sum);
            }
            long unique = dsl.select(countDistinct(OFFENSES.OFFENDER)).from(OFFENSES).fetchOne().value1();
            Map<String, Integer> results = new HashMap<>();
            dsl.select(EVENTS.RESULT, count()).from(EVENTS)
                    .where(EVENTS.RESULT.in(Result.RESTORE.id(), Result.REPEAT.id()))
                    .groupBy(EVENTS.RESULT)
                    .forEach(r -> results.put(r.value1(), r.value2()));
            long last24h = dsl.selectCount().from(OFFENSES)
                    .where(OFFENSES.AT_MS.gt(t - DAY_MS)).and(OFFENSES.AT_MS.le(t)).fetchOne().value1();
            long active = dsl.select(countDistinct(OFFENSES.OFFENDER)).from(OFFENSES)
                    .where(active(OFFENSES, t)).fetchOne().value1();
            Record2<Long, Long> range = dsl.select(min(OFFENSES.AT_MS), max(OFFENSES.AT_MS)).from(OFFENSES).fetchOne();
            return new Summary(total, byStrike, byService, unique,
                    results.getOrDefault(Result.RESTORE.id(), 0), results.getOrDefault(Result.REPEAT.id(), 0),
                    last24h, active, instant(range.value1()), instant(range.value2()));
        });
    }

    @Override
    public synchronized List<OffenderStat> byOffender(int limit) {
        Field<Integer> n = count();
        Field<Long> last = max(OFFENSES.AT_MS);
        return read(() -> dsl.select(OFFENSES.OFFENDER, n, max(OFFENSES.STRIKE), min(OFFENSES.AT_MS), last)
                .from(OFFENSES)
                .groupBy(OFFENSES.OFFENDER)
                .orderBy(n.desc(), last.desc(), OFFENSES.OFFENDER)
                .limit(limit)
                .fetch(r -> new OffenderStat(IpPrefix.parse(r.value1()), r.value2(), r.value3(),
                        instant(r.value4()), instant(r.value5()))));
    }

    /**
     * Counts per local day in one grouped query: the local day number is computed in SQL from
     * the zone's offsets, one CASE branch per offset change (DST) inside the stored range, so
     * days of 23 or 25 hours and zones with half-hour offsets come out right.
     */
    @Override
    public synchronized List<DayStat> byDay(ZoneId zone, int days) {
        if (days < 1) {
            return List.of();
        }
        return read(() -> {
            Record2<Long, Long> range = dsl.select(min(OFFENSES.AT_MS), max(OFFENSES.AT_MS)).from(OFFENSES).fetchOne();
            if (range.value1() == null) {
                return List.of();
            }
            Field<Long> day = localDay(zone.getRules(), range.value1(), range.value2());
            TreeMap<Long, Map<Integer, Long>> perDay = new TreeMap<>(Comparator.reverseOrder());
            for (Record r : dsl.select(day, OFFENSES.STRIKE, count()).from(OFFENSES).groupBy(day, OFFENSES.STRIKE).fetch()) {
                perDay.computeIfAbsent(r.get(0, Long.class), k -> new TreeMap<>())
                        .put(r.get(1, Integer.class), r.get(2, Long.class));
            }
            Map<Long, Map<Integer, Long>> chosen = new LinkedHashMap<>();
            for (var e : perDay.entrySet()) {
                if (chosen.size() == days) {
                    break;
                }
                chosen.put(e.getKey(), e.getValue());
            }
            long oldest = Collections.min(chosen.keySet());
            long from = LocalDate.ofEpochDay(oldest).atStartOfDay(zone).toInstant().toEpochMilli();
            Map<Long, Long> unique = new HashMap<>();
            for (Record r : dsl.select(day, countDistinct(OFFENSES.OFFENDER)).from(OFFENSES)
                    .where(OFFENSES.AT_MS.ge(from)).groupBy(day).fetch()) {
                unique.put(r.get(0, Long.class), r.get(1, Long.class));
            }
            List<DayStat> out = new ArrayList<>(chosen.size());
            chosen.forEach((d, strikes) -> out.add(new DayStat(LocalDate.ofEpochDay(d),
                    strikes.values().stream().mapToLong(Long::longValue).sum(), strikes, unique.getOrDefault(d, 0L))));
            return out;
        });
    }

    private static Field<Long> localDay(ZoneRules rules, long fromMs, long toMs) {
        Instant t = Instant.ofEpochMilli(fromMs);
        ZoneOffset offset = rules.getOffset(t);
        CaseConditionStep<Long> branches = null;
        for (ZoneOffsetTransition next = rules.nextTransition(t);
             next != null && next.getInstant().toEpochMilli() <= toMs;
             next = rules.nextTransition(next.getInstant())) {
            Condition before = OFFENSES.AT_MS.lt(inline(next.getInstant().toEpochMilli()));
            branches = branches == null ? DSL.when(before, dayNumber(offset)) : branches.when(before, dayNumber(offset));
            offset = next.getOffsetAfter();
        }
        return branches == null ? dayNumber(offset) : branches.otherwise(dayNumber(offset));
    }

    /** The local epoch day of at_ms under a fixed offset (times are after 1970, so division floors). */
    private static Field<Long> dayNumber(ZoneOffset offset) {
        return OFFENSES.AT_MS.plus(inline(offset.getTotalSeconds() * 1000L)).div(inline(DAY_MS));
    }

    // ---- admin operations

    @Override
    public synchronized int forget(IpPrefix prefix) {
        return write(() -> {
            int erased = dsl.deleteFrom(OFFENSES).where(within(prefix)).execute();
            dsl.deleteFrom(EVENTS).where(EVENTS.IP_HEX.between(AddressKeys.low(prefix), AddressKeys.high(prefix))).execute();
            return erased;
        });
    }

    @Override
    public synchronized int lift(IpPrefix prefix, Instant at) {
        long t = at.toEpochMilli();
        return write(() -> dsl.update(OFFENSES).set(OFFENSES.LIFTED_AT_MS, t)
                .where(within(prefix)).and(active(OFFENSES, t)).execute());
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    // ---- plumbing

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private <T> T read(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw db.failure("cannot read", e);
        }
    }

    /** Runs {@code work} in one transaction: all of it is written, or none of it. */
    private <T> T write(Supplier<T> work) {
        Connection c = db.connection();
        try {
            c.setAutoCommit(false);
            try {
                T result = work.get();
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                if (e instanceof DataAccessException) {
                    throw db.failure("cannot write", e);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw db.failure("cannot write", e);
        }
    }
}
