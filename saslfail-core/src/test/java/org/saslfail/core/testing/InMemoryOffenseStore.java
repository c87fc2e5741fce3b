package org.saslfail.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.ActiveBanPage;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;

/**
 * A plain in-memory offense store for unit tests of the core. It obeys {@link OffenseStoreContract}
 * (its test proves it) and makes no attempt to be fast.
 */
public final class InMemoryOffenseStore implements LoadHistoryPort, RecordOutcomePort, ReportQueryPort,
        org.saslfail.core.port.out.ForgetHistoryPort, RunningBansPort {
    private final Map<String, Outcome> events = new LinkedHashMap<>();
    private final List<Offense> offenses = new ArrayList<>();
    /** Spared subnets by subnet and UTC day. */
    private final Map<String, SparedSubnet> spared = new TreeMap<>();

    @Override
    public synchronized List<Offense> history(IpPrefix offender, Instant since) {
        return offenses.stream()
                .filter(o -> o.offender().equals(offender))
                .filter(o -> !o.at().isBefore(since) || !ended(o, since))
                .sorted(Comparator.comparing(Offense::at))
                .toList();
    }

    private static boolean ended(Offense o, Instant t) {
        return o.expiresAt() != null && !o.expiresAt().isAfter(t) || o.liftedAt() != null && !o.liftedAt().isAfter(t);
    }

    @Override
    public synchronized int forget(IpPrefix prefix) {
        int before = offenses.size();
        offenses.removeIf(o -> prefix.contains(o.offender()));
        events.values().removeIf(o -> prefix.contains(o.event().ip().asPrefix()));
        return before - offenses.size();
    }

    @Override
    public synchronized int lift(IpPrefix prefix, Instant at) {
        int lifted = 0;
        for (int i = 0; i < offenses.size(); i++) {
            Offense o = offenses.get(i);
            if (prefix.contains(o.offender()) && o.liftableAt(at)) {
                offenses.set(i, o.liftedAt(at));
                lifted++;
            }
        }
        return lifted;
    }

    @Override
    public synchronized boolean seen(String eventKey) {
        return events.containsKey(eventKey);
    }

    @Override
    public synchronized boolean record(Outcome outcome) {
        return recordAll(List.of(outcome)) == 1;
    }

    @Override
    public synchronized int recordAll(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.result() == Result.OFFENSE && o.offense() == null) {
                throw new IllegalArgumentException("offense outcome without an offense: " + o.event().key());
            }
        }
        int fresh = 0;
        for (Outcome o : outcomes) {
            if (o.result() == Result.IGNORED) {
                fresh++;
                continue;
            }
            if (o.result() == Result.DUPLICATE || events.containsKey(o.event().key())) {
                continue;
            }
            events.put(o.event().key(), o);
            fresh++;
            if (o.result() == Result.OFFENSE) {
                offenses.add(o.offense());
            } else if (o.result() == Result.UNBAN && o.offense() != null) {
                Offense l = o.offense();
                Instant when = l.liftedAt() != null ? l.liftedAt() : o.event().at();
                offenses.replaceAll(x -> x.offender().equals(l.offender()) && x.jail().equals(l.jail())
                        && x.at().equals(l.at()) && x.liftedAt() == null ? x.liftedAt(when) : x);
            }
        }
        return fresh;
    }

    /** One monitor for the whole store: a decision holds it from reading to recording (rolled back by nobody: tests only). */
    @Override
    public synchronized <T> T serialised(IpPrefix key, java.util.function.Supplier<T> decision) {
        return decision.get();
    }

    @Override
    public synchronized boolean recordSpared(SparedSubnet s) {
        String key = s.subnet() + "|" + LocalDate.ofInstant(s.first(), ZoneId.of("UTC"));
        SparedSubnet old = spared.get(key);
        if (old == null) {
            spared.put(key, s);
            return true;
        }
        spared.put(key, new SparedSubnet(old.subnet(), old.sparedBy(), Math.max(old.offenders(), s.offenders()),
                old.service(), old.first().isBefore(s.first()) ? old.first() : s.first(),
                old.last().isAfter(s.last()) ? old.last() : s.last()));
        return false;
    }

    /** The spared-subnet records, one per subnet and UTC day, in key order. */
    public synchronized List<SparedSubnet> spared() {
        return List.copyOf(spared.values());
    }

    @Override
    public synchronized List<Offense> offensesOf(Collection<IpPrefix> offenders, Instant after) {
        return offenses.stream().filter(o -> offenders.contains(o.offender()) && o.at().isAfter(after))
                .sorted(Comparator.comparing(Offense::at)).toList();
    }

    @Override
    public synchronized List<OffenderStat> repeatOffenders(int minStrike, int threshold, CountingWindow window) {
        return repeatOffenders(offenses.stream().filter(o -> o.strike() >= minStrike && window.counts(o)).toList(), threshold);
    }

    @Override
    public synchronized List<ActiveBan> activeBans(Instant at) {
        return activeBans(at, o -> x -> true);
    }

    @Override
    public synchronized ActiveBanPage activeBans(Instant at, Duration forgetAfter, HistoryMode history, int limit) {
        List<ActiveBan> all = activeBans(at, ban -> new CountingWindow(at.minus(forgetAfter), at,
                history == HistoryMode.PER_SERVICE ? ban.service() : null)::counts);
        return new ActiveBanPage(all.subList(0, Math.min(limit, all.size())), all.size());
    }

    /** {@code counting} gives, for a ban's offense, which of its offender's offenses count. */
    private List<ActiveBan> activeBans(Instant at, Function<Offense, Predicate<Offense>> counting) {
        Map<IpPrefix, Offense> latest = new HashMap<>();
        for (Offense o : offenses) {
            if (o.activeAt(at)) {
                latest.merge(o.offender(), o, (a, b) ->
                        b.at().isAfter(a.at()) || b.at().equals(a.at()) && b.strike() > a.strike() ? b : a);
            }
        }
        return latest.values().stream()
                .map(o -> {
                    List<Offense> all = offenses.stream().filter(x -> x.offender().equals(o.offender())).toList();
                    return new ActiveBan(o.offender(), o.strike(), o.jail(), o.service(), o.at(), o.expiresAt(),
                            (int) all.stream().filter(counting.apply(o)).count(), all.size(), o.node());
                })
                .sorted(Comparator.comparingInt(ActiveBan::strike).reversed()
                        .thenComparing(ActiveBan::bannedAt, Comparator.reverseOrder())
                        .thenComparing(ActiveBan::offender))
                .toList();
    }

    @Override
    public synchronized void forEachRunningBan(Instant at, Sink sink) {
        for (Offense o : List.copyOf(offenses)) {
            if (o.activeAt(at)) {
                sink.accept(o.offender(), o.jail(), o.expiresAt());
            }
        }
    }

    @Override
    public synchronized List<HistoryEntry> history(HistoryQuery q) {
        return matching(q)
                .sorted(Comparator.comparing((Outcome o) -> o.event().at()).reversed())
                .limit(q.limit())
                .map(o -> new HistoryEntry(o.event().at(), o.event().ip(), o.offender(), o.event().kind().action(),
                        o.result() == Result.OFFENSE ? o.offense().strike() : 0, o.event().jail(), o.result().id()))
                .toList();
    }

    private java.util.stream.Stream<Outcome> matching(HistoryQuery q) {
        return events.values().stream()
                .filter(o -> q.since() == null || !o.event().at().isBefore(q.since()))
                .filter(o -> q.until() == null || o.event().at().isBefore(q.until()))
                .filter(o -> q.within() == null || q.within().contains(o.event().ip()));
    }

    @Override
    public synchronized long countHistory(HistoryQuery q, long atMost) {
        return matching(q).limit(atMost).count();
    }

    @Override
    public synchronized long countOffenders() {
        return offenses.stream().map(Offense::offender).distinct().count();
    }

    @Override
    public synchronized List<Offense> offensesWithin(IpPrefix prefix) {
        return offenses.stream().filter(o -> prefix.contains(o.offender()))
                .sorted(Comparator.comparing(Offense::at)).toList();
    }

    @Override
    public synchronized List<Offense> offensesWithin(IpPrefix prefix, Instant since) {
        return offenses.stream().filter(o -> prefix.contains(o.offender()) && o.at().isAfter(since))
                .sorted(Comparator.comparing(Offense::at)).toList();
    }

    @Override
    public synchronized List<Offense> offensesCovering(IpPrefix prefix) {
        return offenses.stream().filter(o -> o.offender().contains(prefix))
                .sorted(Comparator.comparing(Offense::at)).toList();
    }

    @Override
    public synchronized Summary summary(Instant now) {
        Map<Integer, Long> byStrike = offenses.stream().collect(Collectors.groupingBy(Offense::strike, Collectors.counting()));
        Map<String, Long> byService = offenses.stream().collect(Collectors.groupingBy(o -> o.service().id(), Collectors.counting()));
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return new Summary(offenses.size(), byStrike, byService,
                offenses.stream().map(Offense::offender).distinct().count(),
                events.values().stream().filter(o -> o.result() == Result.RESTORE).count(),
                events.values().stream().filter(o -> o.result() == Result.REPEAT).count(),
                offenses.stream().filter(o -> o.at().isAfter(dayAgo) && !o.at().isAfter(now)).count(),
                offenses.stream().filter(o -> o.activeAt(now)).map(Offense::offender).distinct().count(),
                offenses.stream().map(Offense::at).min(Comparator.naturalOrder()).orElse(null),
                offenses.stream().map(Offense::at).max(Comparator.naturalOrder()).orElse(null));
    }

    @Override
    public synchronized List<OffenderStat> repeatOffenders(int minStrike, int threshold, Instant since) {
        return repeatOffenders(offenses.stream().filter(o -> o.strike() >= minStrike && !o.at().isBefore(since)).toList(),
                threshold);
    }

    private static List<OffenderStat> repeatOffenders(List<Offense> chosen, int threshold) {
        Map<IpPrefix, List<Offense>> by = chosen.stream().collect(Collectors.groupingBy(Offense::offender));
        return by.entrySet().stream().filter(e -> e.getValue().size() >= threshold)
                .map(e -> new OffenderStat(e.getKey(), e.getValue().size(),
                        e.getValue().stream().mapToInt(Offense::strike).max().orElse(0),
                        e.getValue().stream().map(Offense::at).min(Comparator.naturalOrder()).orElseThrow(),
                        e.getValue().stream().map(Offense::at).max(Comparator.naturalOrder()).orElseThrow()))
                .sorted(Comparator.comparing(OffenderStat::offender)).toList();
    }

    @Override
    public synchronized List<OffenderStat> byOffender(int limit) {
        Map<IpPrefix, List<Offense>> by = offenses.stream().collect(Collectors.groupingBy(Offense::offender));
        return by.entrySet().stream()
                .map(e -> new OffenderStat(e.getKey(), e.getValue().size(),
                        e.getValue().stream().mapToInt(Offense::strike).max().orElse(0),
                        e.getValue().stream().map(Offense::at).min(Comparator.naturalOrder()).orElseThrow(),
                        e.getValue().stream().map(Offense::at).max(Comparator.naturalOrder()).orElseThrow()))
                .sorted(Comparator.comparingLong(OffenderStat::offenses).reversed()
                        .thenComparing(OffenderStat::last, Comparator.reverseOrder())
                        .thenComparing(OffenderStat::offender))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<DayStat> byDay(ZoneId zone, int days) {
        TreeMap<LocalDate, List<Offense>> by = new TreeMap<>(Comparator.reverseOrder());
        for (Offense o : offenses) {
            by.computeIfAbsent(o.at().atZone(zone).toLocalDate(), d -> new ArrayList<>()).add(o);
        }
        List<DayStat> out = new ArrayList<>();
        for (var e : by.entrySet()) {
            if (out.size() == days) {
                break;
            }
            Set<IpPrefix> unique = new HashSet<>();
            e.getValue().forEach(o -> unique.add(o.offender()));
            out.add(new DayStat(e.getKey(), e.getValue().size(),
                    e.getValue().stream().collect(Collectors.groupingBy(Offense::strike, Collectors.counting())),
                    unique.size()));
        }
        return out;
    }
}
