package org.saslfail.store;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.saslfail.store.jooq.Tables.ALERT_WINDOW;
import static org.saslfail.store.jooq.Tables.OFFENSES;
import static org.saslfail.store.jooq.Tables.OUTBOX;
import static org.saslfail.store.jooq.Tables.SPARED_SUBNETS;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.EarlyLift;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.notify.BanNotice;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.ListedBan;
import org.saslfail.store.jooq.tables.records.OffensesRecord;
import org.saslfail.core.notify.OutboxEntry;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.store.jooq.tables.records.AlertWindowRecord;
import org.saslfail.store.jooq.tables.records.OutboxRecord;

/** The outbox and the summary queries over one JDBC connection; calls are serialised on it. */
final class JooqNotifyStore implements NotifyStore {
    private static final int ERROR_MAX = 500;
    /** Offenders listed as top repeat offenders. */
    static final int TOP_OFFENDERS = 10;
    private static final int V4_HOST = 32;

    private final Database db;
    private final DSLContext dsl;

    JooqNotifyStore(Database db) {
        this.db = db;
        this.dsl = DSL.using(db.connection(), db.dialect(), new Settings().withExecuteLogging(false).withRenderSchema(false));
    }

    // ---- OutboxPort

    @Override
    public synchronized boolean enqueue(RenderedMail mail, Instant now) {
        return db.write(() -> {
            if (dsl.fetchExists(OUTBOX, OUTBOX.MAIL_KEY.eq(mail.key()))) {
                return false;
            }
            Long last = dsl.select(max(OUTBOX.ID)).from(OUTBOX).fetchOne().value1();
            OutboxRecord r = dsl.newRecord(OUTBOX);
            r.setId(last == null ? 1 : last + 1);
            r.setMailKey(mail.key());
            r.setMailFrom(mail.from());
            r.setMailTo(String.join(",", mail.to()));
            r.setSubject(mail.subject());
            r.setBodyText(mail.text());
            r.setBodyHtml(mail.html());
            r.setEnqueuedAtMs(now.toEpochMilli());
            r.setAttempts(0);
            r.setNextAttemptMs(now.toEpochMilli());
            r.insert();
            return true;
        });
    }

    @Override
    public synchronized List<OutboxEntry> due(Instant now, int limit) {
        return db.read(() -> dsl.selectFrom(OUTBOX)
                .where(OUTBOX.SENT_AT_MS.isNull()).and(OUTBOX.NEXT_ATTEMPT_MS.le(now.toEpochMilli()))
                .orderBy(OUTBOX.ENQUEUED_AT_MS, OUTBOX.ID).limit(limit)
                .fetch(r -> new OutboxEntry(r.getId(), new RenderedMail(r.getMailKey(), r.getMailFrom(),
                        Arrays.asList(r.getMailTo().split(",")), r.getSubject(), r.getBodyText(), r.getBodyHtml()),
                        Instant.ofEpochMilli(r.getEnqueuedAtMs()), r.getAttempts(),
                        Instant.ofEpochMilli(r.getNextAttemptMs()))));
    }

    @Override
    public synchronized void markSent(long id, Instant at) {
        db.write(() -> dsl.update(OUTBOX).set(OUTBOX.SENT_AT_MS, at.toEpochMilli())
                .where(OUTBOX.ID.eq(id)).and(OUTBOX.SENT_AT_MS.isNull()).execute());
    }

    @Override
    public synchronized void markFailed(long id, Instant nextAttempt, String error) {
        String e = error == null ? "" : error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) : error;
        db.write(() -> dsl.update(OUTBOX).set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.NEXT_ATTEMPT_MS, nextAttempt.toEpochMilli()).set(OUTBOX.LAST_ERROR, e)
                .where(OUTBOX.ID.eq(id)).and(OUTBOX.SENT_AT_MS.isNull()).execute());
    }

    @Override
    public synchronized int pending() {
        return db.read(() -> dsl.fetchCount(OUTBOX, OUTBOX.SENT_AT_MS.isNull()));
    }

    @Override
    public synchronized int purgeSent(Instant sentBefore) {
        return db.write(() -> dsl.deleteFrom(OUTBOX).where(OUTBOX.SENT_AT_MS.lt(sentBefore.toEpochMilli())).execute());
    }

    // ---- AlertWindowPort

    @Override
    public synchronized void hold(BanNotice notice) {
        db.write(() -> {
            Long last = dsl.select(max(ALERT_WINDOW.SEQ)).from(ALERT_WINDOW).fetchOne().value1();
            AlertWindowRecord r = dsl.newRecord(ALERT_WINDOW);
            r.setSeq(last == null ? 1 : last + 1);
            r.setKind(notice.kind().name());
            r.setAtMs(notice.at().toEpochMilli());
            r.setOffender(notice.offender().toString());
            r.setStrike(notice.strike());
            r.setService(notice.service().id());
            r.setExpiresAtMs(notice.expiresAt() == null ? null : notice.expiresAt().toEpochMilli());
            r.setUsernames(notice.usernames().isEmpty() ? null : String.join(",", notice.usernames().stream()
                    .map(u -> URLEncoder.encode(u, StandardCharsets.UTF_8)).toList()));
            r.insert();
            return null;
        });
    }

    @Override
    public synchronized List<BanNotice> held() {
        return db.read(() -> dsl.selectFrom(ALERT_WINDOW).orderBy(ALERT_WINDOW.SEQ).fetch(r -> new BanNotice(
                BanNotice.Kind.valueOf(r.getKind()), Instant.ofEpochMilli(r.getAtMs()), IpPrefix.parse(r.getOffender()),
                r.getStrike(), Service.parse(r.getService()),
                r.getExpiresAtMs() == null ? null : Instant.ofEpochMilli(r.getExpiresAtMs()),
                r.getUsernames() == null ? List.of() : Arrays.stream(r.getUsernames().split(",", -1))
                        .map(u -> URLDecoder.decode(u, StandardCharsets.UTF_8)).toList())));
    }

    @Override
    public synchronized void release() {
        db.write(() -> dsl.deleteFrom(ALERT_WINDOW).execute());
    }

    // ---- SummaryQueryPort

    @Override
    public synchronized BanSummary summarize(Instant from, Instant to, CountingWindow counting, int listLimit) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        Condition inPeriod = OFFENSES.AT_MS.ge(f).and(OFFENSES.AT_MS.lt(t));
        return db.read(() -> {
            long total = 0;
            Map<Integer, Long> byStrike = new TreeMap<>();
            Map<String, Long> byService = new TreeMap<>();
            for (var r : dsl.select(OFFENSES.STRIKE, OFFENSES.SERVICE, count()).from(OFFENSES).where(inPeriod)
                    .groupBy(OFFENSES.STRIKE, OFFENSES.SERVICE).fetch()) {
                total += r.value3();
                byStrike.merge(r.value1(), (long) r.value3(), Long::sum);
                byService.merge(r.value2(), (long) r.value3(), Long::sum);
            }
            long unique = dsl.select(countDistinct(OFFENSES.IP)).from(OFFENSES).where(inPeriod).fetchOne().value1();
            // bans with an end and permanent ones apart, so each query can use an index (see JooqOffenseStore)
            Map<Integer, Long> active = new TreeMap<>();
            for (Condition running : List.of(JooqReportQueries.activeExpiring(OFFENSES, t),
                    JooqReportQueries.activePermanent(OFFENSES, t))) {
                dsl.select(OFFENSES.STRIKE, countDistinct(OFFENSES.OFFENDER)).from(OFFENSES).where(running)
                        .groupBy(OFFENSES.STRIKE)
                        .forEach(r -> active.merge(r.value1(), (long) r.value2(), Long::sum));
            }
            List<Offense> repeats = dsl.selectFrom(OFFENSES).where(inPeriod).and(OFFENSES.STRIKE.ge(2))
                    .orderBy(OFFENSES.STRIKE.desc(), OFFENSES.AT_MS).limit(listLimit).fetch(JooqOffenseStore::offense);
            List<Offense> subnets = dsl.selectFrom(OFFENSES).where(inPeriod)
                    .and(OFFENSES.OFFENDER_HEX.like("4%")).and(OFFENSES.OFFENDER_LEN.lt(V4_HOST))
                    .orderBy(OFFENSES.AT_MS).limit(listLimit).fetch(JooqOffenseStore::offense);
            List<Offense> lifted = dsl.selectFrom(OFFENSES)
                    .where(OFFENSES.LIFTED_AT_MS.ge(f)).and(OFFENSES.LIFTED_AT_MS.lt(t))
                    // EarlyLift: a lift recorded around the expiry is the ban running out
                    .and(OFFENSES.EXPIRES_AT_MS.isNull().or(OFFENSES.LIFTED_AT_MS.lt(
                            OFFENSES.EXPIRES_AT_MS.minus(EarlyLift.EXPIRY_TOLERANCE.toMillis()))))
                    .orderBy(OFFENSES.LIFTED_AT_MS).limit(listLimit).fetch(JooqOffenseStore::offense);
            return new BanSummary(from, to, total, byStrike, byService, unique, active, repeats, subnets, lifted,
                    topOffenders(inPeriod, counting, Math.min(listLimit, TOP_OFFENDERS)));
        });
    }

    @Override
    public synchronized BanPage newBans(Instant from, Instant to, int minStrike, int maxStrike, boolean knownUsersOnly,
                                        int limit) {
        Condition c = OFFENSES.AT_MS.ge(from.toEpochMilli()).and(OFFENSES.AT_MS.lt(to.toEpochMilli()))
                .and(OFFENSES.STRIKE.between(minStrike, maxStrike));
        if (knownUsersOnly) {
            c = c.and(OFFENSES.KNOWN_USERS.isNotNull());
        }
        Condition where = c;
        return db.read(() -> new BanPage(dsl.selectFrom(OFFENSES).where(where).orderBy(OFFENSES.AT_MS, OFFENSES.OFFENDER_HEX)
                .limit(limit).fetch(JooqNotifyStore::listed), dsl.fetchCount(OFFENSES, where)));
    }

    @Override
    public synchronized BanPage activeBans(Instant at, int strike, int limit) {
        long t = at.toEpochMilli();
        return db.read(() -> {
            List<ListedBan> bans = new ArrayList<>();
            long total = 0;
            // bans with an end and permanent ones apart, so each query can use an index (see JooqOffenseStore)
            for (Condition running : List.of(JooqOffenseStore.activeExpiring(OFFENSES, t),
                    JooqOffenseStore.activePermanent(OFFENSES, t))) {
                Condition c = running.and(OFFENSES.STRIKE.eq(strike));
                total += dsl.fetchCount(OFFENSES, c);
                bans.addAll(dsl.selectFrom(OFFENSES).where(c).orderBy(OFFENSES.AT_MS.desc()).limit(limit)
                        .fetch(JooqNotifyStore::listed));
            }
            bans.sort(java.util.Comparator.comparing((ListedBan b) -> b.offense().at()).reversed());
            return new BanPage(bans.subList(0, Math.min(limit, bans.size())), total);
        });
    }

    private static ListedBan listed(OffensesRecord r) {
        return new ListedBan(JooqOffenseStore.offense(r), JooqLogins.splitUsers(r.getTriedUsers()));
    }

    // ---- TriedUsernamesPort

    @Override
    public synchronized void recordTried(Offense offense, List<String> usernames) {
        List<String> clean = usernames.stream().map(Login::clean).filter(u -> !u.isEmpty()).distinct().toList();
        if (clean.isEmpty()) {
            return;
        }
        db.write(() -> dsl.update(OFFENSES).set(OFFENSES.TRIED_USERS, JooqLogins.joinUsers(clean))
                .where(OFFENSES.OFFENDER_HEX.eq(AddressKeys.low(offense.offender())))
                .and(OFFENSES.OFFENDER_LEN.eq(offense.offender().length()))
                .and(OFFENSES.JAIL.eq(offense.jail().value()))
                .and(OFFENSES.AT_MS.eq(offense.at().toEpochMilli())).execute());
    }

    /** Offenders banned in the period with more than one offense still counting, most offenses first. */
    private List<OffenderStat> topOffenders(Condition inPeriod, CountingWindow counting, int limit) {
        var all = OFFENSES.as("all_offenses");
        Condition counts = all.AT_MS.gt(counting.after().toEpochMilli()).and(all.AT_MS.le(counting.notAfter().toEpochMilli()));
        if (counting.service() != null) {
            counts = counts.and(all.SERVICE.eq(counting.service().id()));
        }
        Field<Integer> n = count();
        Field<Long> last = max(all.AT_MS);
        // offenders are looked up by (offender_hex, offender_len), the indexed name of an offender
        return dsl.select(max(all.OFFENDER), n, max(all.STRIKE), min(all.AT_MS), last).from(all)
                .where(DSL.row(all.OFFENDER_HEX, all.OFFENDER_LEN).in(
                        dsl.selectDistinct(OFFENSES.OFFENDER_HEX, OFFENSES.OFFENDER_LEN).from(OFFENSES).where(inPeriod)))
                .and(counts)
                .groupBy(all.OFFENDER_HEX, all.OFFENDER_LEN).having(count().gt(1))
                .orderBy(n.desc(), last.desc(), all.OFFENDER_HEX, all.OFFENDER_LEN).limit(limit)
                .fetch(r -> new OffenderStat(IpPrefix.parse(r.value1()), r.value2(), r.value3(),
                        Instant.ofEpochMilli(r.value4()), Instant.ofEpochMilli(r.value5())));
    }

    @Override
    public synchronized List<SparedSubnet> sparedSubnets(Instant from, Instant to, int limit) {
        var t = SPARED_SUBNETS;
        Field<Long> first = min(t.FIRST_AT_MS);
        // a day's row overlaps [from, to) when it began before "to" and last reached the threshold at or after "from"
        return db.read(() -> dsl.select(max(t.SUBNET), t.SPARED_BY, max(t.SERVICE), max(t.OFFENDERS), first, max(t.LAST_AT_MS))
                .from(t)
                .where(t.LAST_AT_MS.ge(from.toEpochMilli())).and(t.FIRST_AT_MS.lt(to.toEpochMilli()))
                .groupBy(t.SUBNET_HEX, t.SUBNET_LEN, t.SPARED_BY)
                .orderBy(first, t.SUBNET_HEX, t.SUBNET_LEN).limit(limit)
                .fetch(r -> new SparedSubnet(IpPrefix.parse(r.value1()), IpPrefix.parse(r.value2()), r.value4(),
                        Service.parse(r.value3()), Instant.ofEpochMilli(r.value5()), Instant.ofEpochMilli(r.value6()))));
    }

    @Override
    public synchronized List<DayStat> perDay(LocalDate first, LocalDate last, ZoneId zone) {
        long f = first.atStartOfDay(zone).toInstant().toEpochMilli();
        long t = last.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Field<Long> day = JooqReportQueries.localDay(zone.getRules(), f, t);
        Condition inRange = OFFENSES.AT_MS.ge(f).and(OFFENSES.AT_MS.lt(t));
        return db.read(() -> {
            Map<Long, Map<Integer, Long>> byStrike = new HashMap<>();
            for (Record r : dsl.select(day, OFFENSES.STRIKE, count()).from(OFFENSES).where(inRange)
                    .groupBy(day, OFFENSES.STRIKE).fetch()) {
                byStrike.computeIfAbsent(r.get(0, Long.class), k -> new TreeMap<>())
                        .put(r.get(1, Integer.class), r.get(2, Long.class));
            }
            Map<Long, Long> unique = new HashMap<>();
            for (Record r : dsl.select(day, countDistinct(OFFENSES.OFFENDER)).from(OFFENSES).where(inRange)
                    .groupBy(day).fetch()) {
                unique.put(r.get(0, Long.class), r.get(1, Long.class));
            }
            List<DayStat> out = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                Map<Integer, Long> strikes = byStrike.getOrDefault(d.toEpochDay(), Map.of());
                out.add(new DayStat(d, strikes.values().stream().mapToLong(Long::longValue).sum(), strikes,
                        unique.getOrDefault(d.toEpochDay(), 0L)));
            }
            return out;
        });
    }

    @Override
    public synchronized void limitPageCache(int kibibytes) {
        db.limitPageCache(kibibytes);
    }

    @Override
    public synchronized void close() {
        db.close();
    }
}
