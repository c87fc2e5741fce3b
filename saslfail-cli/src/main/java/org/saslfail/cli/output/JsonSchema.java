package org.saslfail.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.policy.EarlyLift;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Standing;

/**
 * The one JSON schema of every {@code --json} output, documented in the README ("JSON output"):
 * each document is an object that starts with {@code schema_version} and {@code command}; keys
 * are snake_case; {@code offender} is always a network with its length ({@code 192.0.2.9/32},
 * {@code 198.51.100.0/24}, {@code 2001:db8:a:1::/64}) and {@code ip} always one host address
 * (null where a record is about a network); instants are ISO-8601 UTC under {@code *_at} keys,
 * durations whole seconds under {@code *_seconds} keys, null meaning permanent; {@code offenses}
 * counts every offense on record, {@code counting_offenses} those that still count.
 * Changing the meaning or removing a key raises {@link #VERSION}; adding keys does not.
 */
public final class JsonSchema {
    /** The version of this schema, printed as {@code schema_version} in every document. */
    public static final int VERSION = 1;

    private JsonSchema() {
    }

    /** A document of {@code command}: its envelope, to which the command adds its fields. */
    public static Map<String, Object> document(String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", VERSION);
        m.put("command", command);
        return m;
    }

    /**
     * Who enforces saslfail's own bans: {@code backend}; under nftables also {@code location}, and
     * when there are figures, {@code sets} (elements per set), {@code elements}, {@code drift},
     * {@code missing}, {@code extra}, {@code wrong_timeouts}, {@code how} and {@code checked_at}.
     */
    public static Map<String, Object> enforcement(org.saslfail.core.port.in.EnforcementStatusUseCase.EnforcementStatus e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", e.backend());
        e.location().ifPresent(l -> m.put("location", l));
        e.figures().ifPresent(f -> {
            m.put("sets", f.perSet());
            m.put("elements", f.elements());
            m.put("drift", f.drift());
            m.put("missing", f.missing());
            m.put("extra", f.extra());
            m.put("wrong_timeouts", f.wrongExpiry());
            m.put("how", f.how());
            m.put("checked_at", f.at());
        });
        return m;
    }

    /** An offender or network with its length, always: {@code 192.0.2.9/32}. */
    public static String prefix(IpPrefix p) {
        return p == null ? null : p.network() + "/" + p.length();
    }

    /** A duration in whole seconds; null (permanent) stays null. */
    public static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }

    /** One offense and the ban it earned; {@code lifted_at} only when it was lifted early ({@link EarlyLift}). */
    public static Map<String, Object> offense(Offense o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", o.at());
        m.put("offender", prefix(o.offender()));
        m.put("ip", o.ip().toString());
        m.put("strike", o.strike());
        m.put("jail", o.jail().value());
        m.put("service", o.service().id());
        m.put("ban_seconds", o.permanent() ? null : Duration.between(o.at(), o.expiresAt()).getSeconds());
        m.put("expires_at", o.expiresAt());
        m.put("lifted_at", EarlyLift.liftedEarly(o) ? o.liftedAt() : null);
        m.put("known_users", o.knownUsers());
        m.put("node", o.node());
        return m;
    }

    /** One offender's all-time figures (or, in a blacklist, of the offenses it counted). */
    public static Map<String, Object> offender(OffenderStat s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offender", prefix(s.offender()));
        m.put("offenses", s.offenses());
        m.put("max_strike", s.maxStrike());
        m.put("first_at", s.first());
        m.put("last_at", s.last());
        return m;
    }

    /** One recorded event; {@code ip} is null for a subnet's event, which names no single host. */
    public static Map<String, Object> event(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at());
        m.put("ip", isSubnetEvent(e) ? null : e.ip().toString());
        m.put("offender", prefix(e.offender()));
        m.put("action", e.action());
        m.put("result", e.result());
        m.put("strike", e.strike() == 0 ? null : e.strike());
        m.put("jail", e.jail().value());
        return m;
    }

    /** Whether the event is about a whole subnet (its {@code ip} is only the network's first address). */
    public static boolean isSubnetEvent(HistoryEntry e) {
        return e.action().startsWith("subnet");
    }

    /** A running ban with its offender's offenses on record and those that still count. */
    public static Map<String, Object> activeBan(ActiveBan b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offender", prefix(b.offender()));
        m.put("strike", b.strike());
        m.put("jail", b.jail().value());
        m.put("service", b.service() == null ? null : b.service().id());
        m.put("banned_at", b.bannedAt());
        m.put("expires_at", b.expiresAt());
        m.put("permanent", b.expiresAt() == null);
        m.put("offenses", b.offensesTotal());
        m.put("counting_offenses", b.offenses());
        m.put("node", b.node());
        return m;
    }

    public static Map<String, Object> day(DayStat d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", d.day().toString());
        m.put("offenses", d.offenses());
        m.put("offenses_by_strike", strikes(d.offensesByStrike()));
        m.put("unique_offenders", d.uniqueOffenders());
        return m;
    }

    /** Counts per strike, keyed by the strike number as text, in strike order. */
    public static Map<String, Object> strikes(Map<Integer, Long> byStrike) {
        Map<String, Object> m = new LinkedHashMap<>();
        new TreeMap<>(byStrike).forEach((k, v) -> m.put(String.valueOf(k), v));
        return m;
    }

    public static Map<String, Object> spared(SparedSubnet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subnet", prefix(s.subnet()));
        m.put("spared_by", prefix(s.sparedBy()));
        m.put("offenders", s.offenders());
        m.put("service", s.service().id());
        m.put("first_at", s.first());
        m.put("last_at", s.last());
        return m;
    }

    /** {@code next_strike}: a number for the shared history, an object per service under per-service. */
    public static Object nextStrike(List<Standing> standings) {
        if (standings.size() == 1 && standings.get(0).service() == null) {
            return standings.get(0).nextStrike();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        standings.forEach(s -> m.put(s.service().id(), s.nextStrike()));
        return m;
    }

    /** The standing in full: one entry per history (service null for the shared one). */
    public static List<Object> standing(List<Standing> standings) {
        return standings.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", s.service() == null ? null : s.service().id());
            m.put("counting_offenses", s.counting());
            m.put("next_strike", s.nextStrike());
            m.put("next_ban_seconds", seconds(s.nextBan()));
            return (Object) m;
        }).toList();
    }
}
