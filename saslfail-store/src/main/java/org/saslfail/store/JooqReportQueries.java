package org.saslfail.store;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.saslfail.store.jooq.Tables.EVENTS;
import static org.saslfail.store.jooq.Tables.OFFENSES;
import static org.saslfail.store.jooq.Tables.TOTALS;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.ActiveBanPage;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;
import org.saslfail.store.jooq.tables.Offenses;
import org.saslfail.store.jooq.tables.records.OffensesRecord;

/**
 * The report queries of the store ({@link ReportQueryPort}): each a few indexed queries, never
 * a scan per address. {@link JooqOffenseStore} adds the writes on the same connection; calls
 * are serialised on it (the store object is the lock).
 */
abstract class JooqReportQueries implements ReportQueryPort, RunningBansPort {
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    /** The running totals' counters (table totals) of offenses and of distinct offenders. */
    static final String OFFENSES_COUNTER = "offenses";
    static final String OFFENDERS_COUNTER = "offenders";

    final Database db;
    /** jOOQ, made on first use: its start (the type registry of every dialect) costs more than a status query. */
    private DSLContext dsl;

    JooqReportQueries(Database db) {
        this.db = db;
    }

    final DSLContext dsl() {
        if (dsl == null) {
            dsl = DSL.using(db.connection(), db.dialect(), new Settings().withExecuteLogging(false).withRenderSchema(false));
        }
        return dsl;
    }

    // ---- ReportQueryPort

    @Override
    public synchronized List<ActiveBan> activeBans(Instant at) {
        return activeBans(at, null, HistoryMode.SHARED);
    }

    /**
     * Each running offense with two counts of its offender's offenses, each an index range: those
     * with {@code lo < at_ms <= hi}, and all. Two branches, for bans with an end and permanent ones
     * (see {@link #activeExpiring}). The first count answers from the offender index alone; the
     * per-service variant must also read each offense's service.
     */
    private static final String RUNNING_BANS = runningBans("");
    private static final String RUNNING_BANS_PER_SERVICE = runningBans(" AND a.service = o.service");
    /**
     * The same on PostgreSQL, both counts from one probe of the offender index (a lateral join):
     * two probes for each of 41,000 running bans were most of status on 10,000,000 offenses.
     */
    private static final String RUNNING_BANS_PG = runningBansLateral("");
    private static final String RUNNING_BANS_PG_PER_SERVICE = runningBansLateral(" AND a.service = o.service");
    private static final String RUNNING = " AND o.at_ms <= ? AND (o.lifted_at_ms IS NULL OR o.lifted_at_ms > ?)";

    private static String runningBans(String sameService) {
        String columns = "SELECT o.offender_hex, o.offender_len, o.strike, o.jail, o.service, o.at_ms, o.expires_at_ms, o.node,"
                + " (SELECT count(*) FROM offenses a WHERE a.offender_hex = o.offender_hex AND a.offender_len = o.offender_len"
                + " AND a.at_ms > ? AND a.at_ms <= ?" + sameService + "),"
                + " (SELECT count(*) FROM offenses a WHERE a.offender_hex = o.offender_hex AND a.offender_len = o.offender_len)"
                + " FROM offenses o WHERE ";
        return columns + "o.expires_at_ms > ?" + RUNNING + " UNION ALL " + columns + "o.expires_at_ms IS NULL" + RUNNING;
    }

    /** {@link #runningBans} with its parameters in the same order. */
    private static String runningBansLateral(String sameService) {
        String columns = "SELECT o.offender_hex, o.offender_len, o.strike, o.jail, o.service, o.at_ms, o.expires_at_ms, o.node,"
                + " c.counting, c.total FROM offenses o CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE a.at_ms > ?"
                + " AND a.at_ms <= ?" + sameService + ") AS counting, count(*) AS total FROM offenses a"
                + " WHERE a.offender_hex = o.offender_hex AND a.offender_len = o.offender_len) c WHERE ";
        return columns + "o.expires_at_ms > ?" + RUNNING + " UNION ALL " + columns + "o.expires_at_ms IS NULL" + RUNNING;
    }

    /**
     * The store's one query in plain SQL rather than jOOQ, for status, the command that must answer
     * fastest: jOOQ's first use in a process (its type registry of every dialect) cost 0.15-0.2 s,
     * more than this query on a million-row store (bench/reports.sh). Rows are read in place, not
     * as a record each. The contract tests pin both dialects' SQL alike (SQLite, PostgreSQL).
     *
     * @param forgetAfter null = every offense on record counts
     */
    @Override
    public synchronized ActiveBanPage activeBans(Instant at, Duration forgetAfter, HistoryMode history, int limit) {
        if (limit == Integer.MAX_VALUE) {
            List<ActiveBan> all = allActiveBans(at, forgetAfter, history);
            return new ActiveBanPage(all, all.size());
        }
        // a page: choose the bans without counting (one scan of the running offenses), then count
        // the offenses of the listed offenders only, instead of one index probe for every running ban
        List<RunningBan> running = runningUncounted(at);
        List<ActiveBan> page = new ArrayList<>(Math.min(limit, running.size()));
        long t = at.toEpochMilli();
        long lo = forgetAfter == null ? Long.MIN_VALUE : t - forgetAfter.toMillis();
        long hi = forgetAfter == null ? Long.MAX_VALUE : t;
        boolean perService = forgetAfter != null && history == HistoryMode.PER_SERVICE;
        try (PreparedStatement st = db.connection().prepareStatement(perService ? OFFENDER_COUNTS_PER_SERVICE : OFFENDER_COUNTS)) {
            for (ActiveBan b : firstInStatusOrder(running, limit)) {
                int i = 0;
                st.setLong(++i, lo);
                st.setLong(++i, hi);
                if (perService) {
                    st.setString(++i, b.service().id());
                }
                st.setString(++i, AddressKeys.low(b.offender()));
                st.setInt(++i, b.offender().length());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    page.add(new ActiveBan(b.offender(), b.strike(), b.jail(), b.service(), b.bannedAt(), b.expiresAt(),
                            rs.getInt(1), rs.getInt(2), b.node()));
                }
            }
        } catch (SQLException e) {
            throw db.failure("cannot read", e);
        }
        return new ActiveBanPage(page, running.size());
    }

    /** The counts of one offender's offenses: those that count (between two times, of a service), and all. */
    private static final String OFFENDER_COUNTS = offenderCounts("");
    private static final String OFFENDER_COUNTS_PER_SERVICE = offenderCounts(" AND a.service = ?");

    private static String offenderCounts(String sameService) {
        return "SELECT coalesce(sum(CASE WHEN a.at_ms > ? AND a.at_ms <= ?" + sameService + " THEN 1 ELSE 0 END), 0), count(*)"
                + " FROM offenses a WHERE a.offender_hex = ? AND a.offender_len = ?";
    }

    /**
     * The first {@code limit} bans in status order, only they made into bans: 40,000 running bans are
     * ordered by strike and start alone, and only the ties at the cut also by offender.
     */
    private static List<ActiveBan> firstInStatusOrder(List<RunningBan> running, int limit) {
        List<RunningBan> all = new ArrayList<>(running);
        all.sort(Comparator.comparingInt(RunningBan::strike).reversed().thenComparing(RunningBan::at, Comparator.reverseOrder()));
        int end = Math.min(limit, all.size());
        while (end > 0 && end < all.size() && all.get(end).strike() == all.get(end - 1).strike()
                && all.get(end).at() == all.get(end - 1).at()) {
            end++;
        }
        List<ActiveBan> head = sorted(all.subList(0, end));
        return head.subList(0, Math.min(limit, head.size()));
    }

    /** Every running ban (its offender's latest running offense) without its counts, in no order. */
    private List<RunningBan> runningUncounted(Instant at) {
        return new ArrayList<>(latestRunning(RUNNING_UNCOUNTED, at.toEpochMilli(), null));
    }

    /**
     * Each offender's latest running offense from {@code sql}: {@link #RUNNING_UNCOUNTED}, or one of
     * the RUNNING_BANS queries, whose branches each begin with the counting window {@code counting}
     * (lo, hi) and whose rows end with the two counts.
     */
    private java.util.Collection<RunningBan> latestRunning(String sql, long t, long[] counting) {
        Map<String, RunningBan> latest = new HashMap<>();
        try (PreparedStatement st = db.connection().prepareStatement(sql)) {
            int i = 0;
            for (int branch = 0; branch < 2; branch++) {
                if (counting != null) {
                    st.setLong(++i, counting[0]);
                    st.setLong(++i, counting[1]);
                }
                if (branch == 0) {
                    st.setLong(++i, t);
                }
                st.setLong(++i, t);
                st.setLong(++i, t);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long expires = rs.getLong(7);
                    Long expiresAt = rs.wasNull() ? null : expires;
                    RunningBan b = new RunningBan(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), expiresAt, counting == null ? 0 : rs.getInt(9),
                            counting == null ? 0 : rs.getInt(10), rs.getString(8));
                    latest.merge(b.hex() + "/" + b.length(), b, JooqReportQueries::later);
                }
            }
        } catch (SQLException e) {
            throw db.failure("cannot read", e);
        }
        return latest.values();
    }

    private static final String RUNNING_UNCOUNTED = runningUncounted();

    private static String runningUncounted() {
        String columns = "SELECT o.offender_hex, o.offender_len, o.strike, o.jail, o.service, o.at_ms, o.expires_at_ms, o.node"
                + " FROM offenses o WHERE ";
        return columns + "o.expires_at_ms > ?" + RUNNING + " UNION ALL " + columns + "o.expires_at_ms IS NULL" + RUNNING;
    }

    /** Of two running offenses of one offender, the one its ban is: the later, or at one time the higher strike. */
    private static RunningBan later(RunningBan a, RunningBan c) {
        return c.at() > a.at() || c.at() == a.at() && c.strike() > a.strike() ? c : a;
    }

    /** The bans in status order: highest strike first, then newest, then by offender. */
    private static List<ActiveBan> sorted(java.util.Collection<RunningBan> latest) {
        Map<String, JailName> jails = new HashMap<>();
        List<ActiveBan> bans = new ArrayList<>(latest.size());
        for (RunningBan b : latest) {
            bans.add(new ActiveBan(offender(b.hex(), b.length()), b.strike(), jails.computeIfAbsent(b.jail(), JailName::of),
                    Service.parse(b.service()), Instant.ofEpochMilli(b.at()),
                    b.expires() == null ? null : Instant.ofEpochMilli(b.expires()), b.counting(), b.total(), b.node()));
        }
        bans.sort(Comparator.comparingInt(ActiveBan::strike).reversed()
                .thenComparing(ActiveBan::bannedAt, Comparator.reverseOrder())
                .thenComparing(ActiveBan::offender));
        return bans;
    }

    private List<ActiveBan> allActiveBans(Instant at, Duration forgetAfter, HistoryMode history) {
        long t = at.toEpochMilli();
        long lo = forgetAfter == null ? Long.MIN_VALUE : t - forgetAfter.toMillis();
        long hi = forgetAfter == null ? Long.MAX_VALUE : t;
        boolean perService = forgetAfter != null && history == HistoryMode.PER_SERVICE;
        String sql = db.isSqlite() ? (perService ? RUNNING_BANS_PER_SERVICE : RUNNING_BANS)
                : (perService ? RUNNING_BANS_PG_PER_SERVICE : RUNNING_BANS_PG);
        return sorted(latestRunning(sql, t, new long[] {lo, hi}));
    }

    /** Running offenses, both branches (with an end, permanent), only what a ban set needs; plain SQL like RUNNING_BANS. */
    private static final String RUNNING_ROWS = "SELECT offender_hex, offender_len, jail, expires_at_ms FROM offenses"
            + " WHERE expires_at_ms > ? AND at_ms <= ? AND (lifted_at_ms IS NULL OR lifted_at_ms > ?)"
            + " UNION ALL SELECT offender_hex, offender_len, jail, expires_at_ms FROM offenses"
            + " WHERE expires_at_ms IS NULL AND at_ms <= ? AND (lifted_at_ms IS NULL OR lifted_at_ms > ?)";

    @Override
    public synchronized int countRunningBans(Instant at) {
        long t = at.toEpochMilli();
        try (PreparedStatement st = db.connection().prepareStatement("SELECT count(*) FROM (" + RUNNING_ROWS + ")")) {
            for (int i = 1; i <= 5; i++) {
                st.setLong(i, t);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw db.failure("cannot count", e);
        }
    }

    /** Streams the rows to the sink as they are read: 500,000 running bans are never held at once. */
    @Override
    public synchronized void forEachRunningBan(Instant at, Sink sink) {
        long t = at.toEpochMilli();
        Map<String, JailName> jails = new HashMap<>();
        try {
            // PostgreSQL streams rows (the fetch size) only inside a transaction; SQLite streams anyway
            db.transaction(() -> {
                try (PreparedStatement st = db.connection().prepareStatement(RUNNING_ROWS)) {
                    for (int i = 1; i <= 5; i++) {
                        st.setLong(i, t);
                    }
                    st.setFetchSize(1000);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            long expires = rs.getLong(4);
                            Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
                            sink.accept(offender(rs.getString(1), rs.getInt(2)),
                                    jails.computeIfAbsent(rs.getString(3), JailName::of), expiresAt);
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw db.failure("cannot read", e);
        }
    }

    /** One row of {@link #activeBans(Instant, Duration, HistoryMode)} before it is chosen as its offender's latest. */
    private record RunningBan(String hex, int length, int strike, String jail, String service, long at, Long expires,
                              int counting, int total, String node) {
    }

    /**
     * Offenses whose ban holds at {@code t} (started, not expired, not lifted) come from two
     * conditions, for bans with an end and permanent ones: "expires after t OR never" would
     * keep SQLite from searching the index on expires_at_ms.
     */
    static Condition activeExpiring(Offenses o, long t) {
        return o.EXPIRES_AT_MS.gt(t).and(o.AT_MS.le(t)).and(o.LIFTED_AT_MS.isNull().or(o.LIFTED_AT_MS.gt(t)));
    }

    static Condition activePermanent(Offenses o, long t) {
        return o.EXPIRES_AT_MS.isNull().and(o.AT_MS.le(t)).and(o.LIFTED_AT_MS.isNull().or(o.LIFTED_AT_MS.gt(t)));
    }

    /** The offenses of exactly this offender. */
    static Condition is(Offenses o, IpPrefix offender) {
        return o.OFFENDER_HEX.eq(AddressKeys.low(offender)).and(o.OFFENDER_LEN.eq(offender.length()));
    }

    static IpPrefix offender(String hex, int length) {
        return new IpPrefix(AddressKeys.address(hex), length);
    }

    /** {@code since} is inclusive, {@code until} exclusive; {@code within} matches the event's address. */
    @Override
    public synchronized List<HistoryEntry> history(HistoryQuery query) {
        List<Condition> where = historyFilter(query);
        return read(() -> dsl().selectFrom(EVENTS).where(where).orderBy(EVENTS.AT_MS.desc()).limit(query.limit())
                .fetch(r -> new HistoryEntry(Instant.ofEpochMilli(r.getAtMs()), IpAddress.parse(r.getIp()),
                        IpPrefix.parse(r.getOffender()), r.getAction(), r.getStrike(), JailName.of(r.getJail()),
                        r.getResult())));
    }

    @Override
    public synchronized long countHistory(HistoryQuery query, long atMost) {
        List<Condition> where = historyFilter(query);
        // the limit inside: the database stops reading at atMost rows instead of counting millions
        return read(() -> dsl().selectCount().from(dsl().selectOne().from(EVENTS).where(where).limit(atMost))
                .fetchOne(0, Long.class));
    }

    @Override
    public synchronized long countOffenders() {
        return read(() -> dsl().selectCount().from(dsl().selectDistinct(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN)
                .from(OFFENSES)).fetchOne(0, Long.class));
    }

    private static List<Condition> historyFilter(HistoryQuery query) {
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
        return where;
    }

    @Override
    public synchronized List<Offense> offensesWithin(IpPrefix prefix) {
        return read(() -> dsl().selectFrom(OFFENSES)
                .where(within(prefix))
                .orderBy(OFFENSES.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    static Condition within(IpPrefix prefix) {
        return OFFENSES.OFFENDER_HEX.between(AddressKeys.low(prefix), AddressKeys.high(prefix))
                .and(OFFENSES.OFFENDER_LEN.ge(prefix.length()));
    }

    @Override
    public synchronized List<Offense> offensesCovering(IpPrefix prefix) {
        return read(() -> dsl().selectFrom(OFFENSES)
                .where(DSL.or(AddressKeys.covering(prefix).stream().map(p -> is(OFFENSES, p)).toList()))
                .orderBy(OFFENSES.AT_MS)
                .fetch(JooqOffenseStore::offense));
    }

    /** Offenders per query: a few hundred (offender_hex, offender_len) probes, each on the offender index. */
    private static final int OFFENDERS_PER_QUERY = 500;

    @Override
    public synchronized List<Offense> offensesOf(Collection<IpPrefix> offenders, Instant after) {
        List<IpPrefix> all = List.copyOf(new java.util.LinkedHashSet<>(offenders));
        long a = after.toEpochMilli();
        return read(() -> {
            List<Offense> out = new ArrayList<>();
            for (int from = 0; from < all.size(); from += OFFENDERS_PER_QUERY) {
                List<IpPrefix> chunk = all.subList(from, Math.min(all.size(), from + OFFENDERS_PER_QUERY));
                out.addAll(dsl().selectFrom(OFFENSES)
                        .where(DSL.or(chunk.stream().map(p -> is(OFFENSES, p).and(OFFENSES.AT_MS.gt(a))).toList()))
                        .fetch(JooqOffenseStore::offense));
            }
            out.sort(Comparator.comparing(Offense::at));
            return out;
        });
    }

    @Override
    public synchronized List<OffenderStat> repeatOffenders(int minStrike, int threshold, CountingWindow window) {
        Condition counts = OFFENSES.AT_MS.gt(window.after().toEpochMilli())
                .and(OFFENSES.AT_MS.le(window.notAfter().toEpochMilli()));
        if (window.service() != null) {
            counts = counts.and(OFFENSES.SERVICE.eq(window.service().id()));
        }
        return repeatOffenders(OFFENSES.STRIKE.ge(minStrike).and(counts), threshold);
    }

    /** Totals from the running counters of schema 5; only "last 24 h" and "active" are counted, each an index range. */
    @Override
    public synchronized Summary summary(Instant now) {
        long t = now.toEpochMilli();
        return read(() -> {
            long total = 0;
            long unique = 0;
            Map<Integer, Long> byStrike = new TreeMap<>();
            Map<String, Long> byService = new TreeMap<>();
            Map<String, Long> results = new HashMap<>();
            for (var r : dsl().select(TOTALS.COUNTER, TOTALS.STRIKE, TOTALS.SERVICE, TOTALS.TOTAL).from(TOTALS)
                    .where(TOTALS.TOTAL.ne(0L)).fetch()) {
                long n = r.value4();
                switch (r.value1()) {
                    case OFFENSES_COUNTER -> {
                        total += n;
                        byStrike.merge(r.value2(), n, Long::sum);
                        byService.merge(r.value3(), n, Long::sum);
                    }
                    case OFFENDERS_COUNTER -> unique = n;
                    default -> results.put(r.value1(), n);
                }
            }
            long last24h = dsl().selectCount().from(OFFENSES)
                    .where(OFFENSES.AT_MS.gt(t - DAY_MS)).and(OFFENSES.AT_MS.le(t)).fetchOne().value1();
            long active = dsl().fetchCount(
                    dsl().select(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN).from(OFFENSES).where(activeExpiring(OFFENSES, t))
                            .union(dsl().select(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN).from(OFFENSES)
                                    .where(activePermanent(OFFENSES, t))));
            return new Summary(total, byStrike, byService, unique,
                    results.getOrDefault(Result.RESTORE.id(), 0L), results.getOrDefault(Result.REPEAT.id(), 0L),
                    last24h, active, instant(firstAt()), instant(lastAt()));
        });
    }

    @Override
    public synchronized List<OffenderStat> byOffender(int limit) {
        Field<Integer> n = count();
        Field<Long> last = max(OFFENSES.AT_MS);
        return read(() -> dsl().select(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN, n, max(OFFENSES.STRIKE),
                        min(OFFENSES.AT_MS), last)
                .from(OFFENSES)
                .groupBy(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN)
                .orderBy(n.desc(), last.desc(), OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN)
                .limit(limit)
                .fetch(r -> new OffenderStat(offender(r.value1(), r.value2()), r.value3(), r.value4(),
                        instant(r.value5()), instant(r.value6()))));
    }

    @Override
    public synchronized List<OffenderStat> repeatOffenders(int minStrike, int threshold, Instant since) {
        return repeatOffenders(OFFENSES.STRIKE.ge(minStrike).and(OFFENSES.AT_MS.ge(since.toEpochMilli())), threshold);
    }

    private List<OffenderStat> repeatOffenders(Condition chosen, int threshold) {
        Field<Integer> n = count();
        return read(() -> dsl().select(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN, n, max(OFFENSES.STRIKE),
                        min(OFFENSES.AT_MS), max(OFFENSES.AT_MS))
                .from(OFFENSES)
                .where(chosen)
                .groupBy(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN)
                .having(n.ge(threshold))
                .orderBy(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN)
                .fetch(r -> new OffenderStat(offender(r.value1(), r.value2()), r.value3(), r.value4(),
                        instant(r.value5()), instant(r.value6()))));
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
            Long first = firstAt();
            if (first == null) {
                return List.of();
            }
            Field<Long> day = localDay(zone.getRules(), first, lastAt());
            TreeMap<Long, Map<Integer, Long>> perDay = new TreeMap<>(Comparator.reverseOrder());
            for (Record r : dsl().select(day, OFFENSES.STRIKE, count()).from(OFFENSES).groupBy(day, OFFENSES.STRIKE).fetch()) {
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
            for (Record r : dsl().select(day, countDistinct(OFFENSES.OFFENDER)).from(OFFENSES)
                    .where(OFFENSES.AT_MS.ge(from)).groupBy(day).fetch()) {
                unique.put(r.get(0, Long.class), r.get(1, Long.class));
            }
            List<DayStat> out = new ArrayList<>(chosen.size());
            chosen.forEach((d, strikes) -> out.add(new DayStat(LocalDate.ofEpochDay(d),
                    strikes.values().stream().mapToLong(Long::longValue).sum(), strikes, unique.getOrDefault(d, 0L))));
            return out;
        });
    }

    static Field<Long> localDay(ZoneRules rules, long fromMs, long toMs) {
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

    // ---- plumbing

    static Offense offense(OffensesRecord r) {
        return new Offense(offender(r.getOffenderHex(), r.getOffenderLen()), IpAddress.parse(r.getIp()),
                Service.parse(r.getService()), r.getStrike(), JailName.of(r.getJail()), Instant.ofEpochMilli(r.getAtMs()),
                r.getExpiresAtMs() == null ? null : Instant.ofEpochMilli(r.getExpiresAtMs()),
                r.getLiftedAtMs() == null ? null : Instant.ofEpochMilli(r.getLiftedAtMs()),
                JooqLogins.splitUsers(r.getKnownUsers()), r.getNode());
    }

    /** Oldest and newest offense times, as two queries: SQLite answers each from the index alone. */
    Long firstAt() {
        return dsl().select(min(OFFENSES.AT_MS)).from(OFFENSES).fetchOne().value1();
    }

    Long lastAt() {
        return dsl().select(max(OFFENSES.AT_MS)).from(OFFENSES).fetchOne().value1();
    }

    static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    <T> T read(Supplier<T> work) {
        return db.read(work);
    }

}
