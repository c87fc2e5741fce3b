package org.saslfail.cli;

import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.service.EscalationService;
import org.saslfail.fail2ban.client.DryRunJailGateway;
import org.saslfail.fail2ban.replay.Fail2banLogParser;
import org.saslfail.store.OffenseStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Feed fail2ban log files through the escalation engine on the log's own clock and store the result.",
            "Ban lines of strike-1 jails are offenses (or repeats while banned), Restore Ban lines never are.",
            "Nothing is sent to fail2ban (a dry run). Replaying the same file twice changes nothing.",
            "This is also how to seed the history from the fail2ban logs you already have."})
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "fail2ban log files (e.g. /var/log/fail2ban.log), oldest first.")
    List<Path> files;

    @Option(names = "--jail", paramLabel = "JAIL", description = {
        "A strike-1 jail to read (repeatable). Default: saslfail-postfix, saslfail-dovecot, postfix-sasl,",
        "postfix-sasl-first, dovecot, dovecot-first. A jail whose name contains 'dovecot' is a Dovecot jail."})
    List<String> jails;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of the log's times (default: this machine's, ${sys:user.timezone}).")
    String tz;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Show the N highest bans running at the end of the log (default ${DEFAULT-VALUE}).")
    int top;

    private final Clock clock;

    @Inject
    ReplayCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        ZoneId zone = zone();
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new UsageException("cannot read log file " + f + (Files.exists(f) ? " (not a readable file)" : " (no such file)"));
            }
        }
        try (App app = App.open(common, clock)) {
            EscalationPolicy policy = app.get(EscalationPolicy.class);
            if (jails != null) {
                Map<JailName, Service> chosen = new LinkedHashMap<>();
                for (String j : jails) {
                    chosen.put(jail(j), j.contains("dovecot") ? Service.DOVECOT : Service.POSTFIX);
                }
                policy = policy.withStrikeOneJails(chosen);
            }
            OffenseStore store = app.store();
            EscalationService engine = new EscalationService(new Escalator(policy), store, store, new DryRunJailGateway());
            Fail2banLogParser parser = new Fail2banLogParser(zone);
            Tally tally = new Tally(policy.tierJails());
            for (Path f : files) {
                try (BufferedReader in = reader(f)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        tally.lines++;
                        Fail2banLogParser.Line parsed = parser.parse(line);
                        if (parsed instanceof Fail2banLogParser.Event e) {
                            for (Outcome o : engine.recordAll(e.event())) {
                                tally.add(o);
                            }
                        } else if (parsed instanceof Fail2banLogParser.Skipped s) {
                            if (!line.isBlank()) {
                                tally.skipped.merge(s.reason(), 1L, Long::sum);
                            }
                        }
                    }
                }
            }
            List<ActiveBan> active = tally.last == null ? List.of() : store.activeBans(tally.last);
            Instant now = clock.instant();
            int runningNow = tally.last == null || !tally.last.isBefore(now) ? active.size() : store.activeBans(now).size();
            print(tally, active, runningNow, store.location(), zone);
            return 0;
        }
    }

    private static JailName jail(String text) {
        try {
            return JailName.of(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--jail: " + e.getMessage());
        }
    }

    private ZoneId zone() {
        if (tz == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new UsageException("--tz: unknown time zone '" + tz + "' (e.g. UTC, Europe/Berlin)");
        }
    }

    private static BufferedReader reader(Path f) throws IOException {
        // logs may hold stray bytes: replace them rather than stop
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    private void print(Tally t, List<ActiveBan> active, int runningNow, String location, ZoneId zone) {
        var out = spec.commandLine().getOut();
        long skipped = t.skipped.values().stream().mapToLong(Long::longValue).sum();
        // the counters after the offenses, in print order, under their text label and JSON key;
        // the labels and keys of facts that report summary prints too are the same there
        List<Figure> figures = List.of(
                new Figure(Figures.RESTORES, "restores", t.results.getOrDefault(Result.RESTORE, 0L)),
                new Figure(Figures.REPEATS, "repeats_while_banned", t.results.getOrDefault(Result.REPEAT, 0L)),
                new Figure("Unbans", "unbans", t.results.getOrDefault(Result.UNBAN, 0L)),
                new Figure("Ignored addresses", "ignored", t.results.getOrDefault(Result.IGNORED, 0L)),
                new Figure("Tier jail bans (not offenses)", "tier_jail_bans", t.tierJailBans),
                new Figure("Bans in other jails (not watched)", "not_watched", t.results.getOrDefault(Result.NOT_WATCHED, 0L)),
                new Figure("Already recorded", "already_recorded", t.results.getOrDefault(Result.DUPLICATE, 0L)),
                new Figure("Tier bans decided (dry run)", "tier_bans_decided", t.enforced));
        long offenses = t.byStrike.values().stream().mapToLong(Long::longValue).sum();
        if (json.json) {
            Map<String, Object> m = JsonSchema.document("replay");
            m.put("database", location);
            m.put("lines", t.lines);
            m.put("events", t.events);
            m.put("offenses", offenses);
            m.put("offenses_by_strike", JsonSchema.strikes(t.byStrike));
            m.put("subnet_offenses", t.subnetOffenses);
            figures.forEach(f -> m.put(f.key(), f.value()));
            m.put("lines_skipped", skipped);
            Map<String, Object> reasons = new TreeMap<>();
            t.skipped.forEach((k, v) -> reasons.put(k.replaceAll("[^A-Za-z0-9]+", "_"), v));
            m.put("lines_skipped_by_reason", reasons);
            m.put("log_end_at", t.last);
            m.put("active_bans_at_log_end", active.size());
            m.put("active_bans", runningNow);
            out.println(Json.write(m));
            return;
        }
        Figures f = new Figures(out);
        out.printf("Replayed into %s%n", location);
        f.line("Lines read", t.lines);
        f.line("Ban events", t.events);
        f.line(Figures.OFFENSES, offenses);
        t.byStrike.forEach((k, v) -> f.sub("strike " + k, v));
        f.sub("of them subnets", t.subnetOffenses);
        figures.forEach(x -> f.line(x.label(), x.value()));
        f.line("Lines skipped", skipped);
        new TreeMap<>(t.skipped).forEach((k, v) -> f.sub(k, v));
        if (t.last != null) {
            out.printf("%nActive bans at the end of the log (%s %s): %d%n", Times.local(t.last, zone), Times.zoneName(zone),
                    active.size());
            if (!active.isEmpty() && top > 0) {
                Table table = new Table("ADDRESS", "STRIKE", "JAIL", Times.heading("BANNED", zone), Times.heading("EXPIRES", zone),
                        "COUNTING");
                for (ActiveBan b : active.subList(0, Math.min(top, active.size()))) {
                    table.row(b.offender(), b.strike(), b.jail(), Times.local(b.bannedAt(), zone),
                            b.expiresAt() == null ? "never" : Times.local(b.expiresAt(), zone), b.offenses());
                }
                table.print(out);
                if (active.size() > top) {
                    out.printf("… and %d more (--top N shows more)%n", active.size() - top);
                }
            }
            if (runningNow != active.size()) {
                // a log of the past: say what 'saslfail status' will show now, so the two do not seem to disagree
                out.printf("Active bans now: %d (saslfail status --db %s)%n", runningNow, location);
            }
        }
    }

    /** Counts of one replay. */
    private static final class Tally {
        private final List<JailName> tierJails;
        long lines;
        long events;
        long enforced;
        long subnetOffenses;
        long tierJailBans;
        Instant last;
        final Map<Result, Long> results = new EnumMap<>(Result.class);
        /** Offenses by strike, the subnets' included: the figure report summary prints. */
        final Map<Integer, Long> byStrike = new TreeMap<>();
        final Map<String, Long> skipped = new TreeMap<>();

        Tally(List<JailName> tierJails) {
            this.tierJails = tierJails;
        }

        void add(Outcome o) {
            if (o.result() == Result.OFFENSE) {
                byStrike.merge(o.offense().strike(), 1L, Long::sum);
            }
            if (o.event().kind() == org.saslfail.core.model.BanEvent.Kind.SUBNET) {
                if (o.result() == Result.OFFENSE) {
                    subnetOffenses++;
                }
                return;
            }
            events++;
            if (o.result() == Result.NOT_WATCHED && tierJails.contains(o.event().jail())) {
                // fail2ban enforcing saslfail's own earlier decisions: neither an offense nor another jail
                tierJailBans++;
            } else {
                results.merge(o.result(), 1L, Long::sum);
            }
            if (o.result() == Result.OFFENSE && !o.offense().jail().equals(o.event().jail())) {
                enforced++;
            }
            if (last == null || o.event().at().isAfter(last)) {
                last = o.event().at();
            }
        }
    }


    private record Figure(String label, String key, long value) {
    }
}
