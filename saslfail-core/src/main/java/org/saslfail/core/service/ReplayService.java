package org.saslfail.core.service;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.ReplayUseCase;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.ActiveBan;

/** Replays logged events through the same engine the daemon runs, with jails that do nothing. */
public final class ReplayService implements ReplayUseCase {
    private static final JailGateway DRY_RUN = new JailGateway() {
        @Override
        public void ban(JailName jail, IpPrefix target) {
            // a replay decides and records; it never enforces
        }

        @Override
        public void unban(JailName jail, IpPrefix target) {
            // as above
        }
    };

    private final EscalationPolicy policy;
    private final LoadHistoryPort history;
    private final RecordOutcomePort recorder;
    private final ReportQueryPort reports;
    private final KnownUserPort knownUsers;

    public ReplayService(EscalationPolicy policy, LoadHistoryPort history, RecordOutcomePort recorder,
                         ReportQueryPort reports, KnownUserPort knownUsers) {
        this.policy = policy;
        this.history = history;
        this.recorder = recorder;
        this.reports = reports;
        this.knownUsers = knownUsers;
    }

    /** A replay that knows no logins. */
    public ReplayService(EscalationPolicy policy, LoadHistoryPort history, RecordOutcomePort recorder,
                         ReportQueryPort reports) {
        this(policy, history, recorder, reports, null);
    }

    @Override
    public Replayed replay(ReplayCommand c) {
        EscalationPolicy p = policy.withStrikeOneJails(c.strikeOneJails().isEmpty()
                ? EscalationPolicy.replayStrikeOneJails() : c.strikeOneJails());
        EscalationService engine = new EscalationService(new Escalator(p), history, recorder, DRY_RUN, knownUsers);
        // the store keeps each user's latest login per address: a login may reach it only once every
        // ban before it is decided, or a later login would hide that the address was unknown then
        List<Login> logins = new ArrayList<>(c.logins());
        logins.sort(Comparator.comparing(Login::at));
        int learned = 0;
        long known = 0;
        long lines = 0;
        long events = 0;
        long enforced = 0;
        Instant last = null;
        Map<Result, Long> results = new EnumMap<>(Result.class);
        TreeMap<Integer, Long> byStrike = new TreeMap<>();
        TreeMap<String, Long> skipped = new TreeMap<>();
        Map<Result, Long> subnets = new EnumMap<>(Result.class);
        long tierJailBans = 0;
        List<JailName> tierJails = p.tierJails();
        for (Iterator<LogLine> it = c.lines(); it.hasNext(); ) {
            LogLine line = it.next();
            lines++;
            if (line instanceof Skipped s) {
                skipped.merge(s.reason(), 1L, Long::sum);
            } else if (line instanceof Ban b) {
                learned = learn(logins, learned, b.event().at());
                for (Outcome o : engine.recordAll(b.event())) {
                    if (o.result() == Result.OFFENSE) {
                        byStrike.merge(o.offense().strike(), 1L, Long::sum);
                    }
                    if (o.event().kind() == BanEvent.Kind.SUBNET) {
                        subnets.merge(o.result(), 1L, Long::sum);
                        continue;
                    }
                    events++;
                    if (o.result() == Result.NOT_WATCHED && tierJails.contains(o.event().jail())) {
                        // fail2ban enforcing saslfail's own earlier decisions: neither an offense nor another jail
                        tierJailBans++;
                    } else {
                        results.merge(o.result(), 1L, Long::sum);
                    }
                    if (o.result() == Result.OFFENSE) {
                        if (o.offense().knownUser()) {
                            known++;
                        }
                        if (!o.offense().jail().equals(o.event().jail())) {
                            enforced++;
                        }
                    }
                    if (last == null || o.event().at().isAfter(last)) {
                        last = o.event().at();
                    }
                }
            }
        }
        learn(logins, learned, Instant.MAX);
        List<ActiveBan> active = last == null ? List.of() : reports.activeBans(last);
        return new Replayed(lines, events, enforced, last, results, byStrike, skipped, subnets, active, tierJailBans,
                logins.size(), known);
    }

    /** Records the logins from {@code from} on that are not after {@code until}; returns where the next begin. */
    private int learn(List<Login> logins, int from, Instant until) {
        int end = from;
        while (end < logins.size() && !logins.get(end).at().isAfter(until)) {
            end++;
        }
        if (end > from && knownUsers != null) {
            knownUsers.recordLogins(logins.subList(from, end));
        }
        return end;
    }
}
