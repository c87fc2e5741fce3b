package org.saslfail.cli.command;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.output.Figures;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.in.ReplayUseCase;
import org.saslfail.core.port.in.ReplayUseCase.Replayed;
import org.saslfail.core.port.in.StatusUseCase;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.fail2ban.replay.Fail2banLogs;
import org.saslfail.fail2ban.replay.MailLogLogins;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Feed fail2ban log files through the escalation engine and store the result.",
            "The log is replayed on its own clock. Ban lines of strike-1 jails are offenses (or repeats while banned); Restore Ban lines never are. Nothing is sent to fail2ban (a dry run), and replaying the same file twice changes nothing.",
            "This is also how to seed the history from the fail2ban logs you already have."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = {
        "fail2ban log files (e.g. /var/log/fail2ban.log), oldest first; and mail logs (Postfix, Dovecot:",
        "/var/log/mail.log) whose successful logins make known users, so known_users applies as it would have."})
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
    public Integer call() {
        ZoneId zone = zone();
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new UsageException("cannot read log file " + f + (Files.exists(f) ? " (not a readable file)" : " (no such file)"));
            }
        }
        try (App app = App.open(common, clock)) {
            ReplayUseCase replay = app.get(ReplayUseCase.class);
            Map<JailName, Service> chosen = new LinkedHashMap<>();
            if (jails != null) {
                for (String j : jails) {
                    chosen.put(jail(j), j.contains("dovecot") ? Service.DOVECOT : Service.POSTFIX);
                }
            }
            List<Path> banLogs = new ArrayList<>();
            List<Login> logins = new ArrayList<>();
            for (Path f : files) {
                if (MailLogLogins.isMailLog(f, zone)) {
                    logins.addAll(MailLogLogins.read(f, zone));
                } else {
                    banLogs.add(f);
                }
            }
            try (Fail2banLogs lines = new Fail2banLogs(banLogs, zone)) {
                Replayed r = replay.replay(new ReplayUseCase.ReplayCommand(lines, chosen, logins));
                Instant now = clock.instant();
                // a log of the past: what 'saslfail status' will show now, so that the two do not seem to disagree
                int activeNow = r.last() == null || !r.last().isBefore(now) ? r.active().size()
                        : app.get(StatusUseCase.class).activeBans(new StatusUseCase.StatusQuery(now, 1)).total();
                print(r, activeNow, app.store().location(), zone);
            }
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

    private void print(Replayed t, int activeNow, String location, ZoneId zone) {
        List<ActiveBan> active = t.active();
        var out = spec.commandLine().getOut();
        long skipped = t.skipped().values().stream().mapToLong(Long::longValue).sum();
        // the counters after the offenses, in print order, under their text label and JSON key;
        // the labels and keys of facts that report summary prints too are the same there
        List<Figure> figures = List.of(
                new Figure(Figures.RESTORES, "restores", t.results().getOrDefault(Result.RESTORE, 0L)),
                new Figure(Figures.REPEATS, "repeats_while_banned", t.results().getOrDefault(Result.REPEAT, 0L)),
                new Figure("Unbans", "unbans", t.results().getOrDefault(Result.UNBAN, 0L)),
                new Figure("Ignored addresses", "ignored", t.results().getOrDefault(Result.IGNORED, 0L)),
                new Figure("Tier jail bans (not offenses)", "tier_jail_bans", t.tierJailBans()),
                new Figure("Known users (not banned)", "known_users_not_banned", t.results().getOrDefault(Result.KNOWN_USER, 0L)),
                new Figure("Known users (strike 1)", "known_users_capped", t.knownUsers()),
                new Figure("Successful logins read", "logins", t.logins()),
                new Figure("Bans in other jails (not watched)", "not_watched", t.results().getOrDefault(Result.NOT_WATCHED, 0L)),
                new Figure("Already recorded", "already_recorded", t.results().getOrDefault(Result.DUPLICATE, 0L)),
                new Figure("Tier bans decided (dry run)", "tier_bans_decided", t.enforced()));
        long subnetOffenses = t.subnets().getOrDefault(Result.OFFENSE, 0L);
        if (json.json) {
            Map<String, Object> m = JsonSchema.document("replay");
            m.put("database", location);
            m.put("lines", t.lines());
            m.put("events", t.events());
            m.put("offenses", t.offenses());
            m.put("offenses_by_strike", JsonSchema.strikes(t.byStrike()));
            m.put("subnet_offenses", subnetOffenses);
            figures.forEach(f -> m.put(f.key(), f.value()));
            m.put("lines_skipped", skipped);
            Map<String, Object> reasons = new TreeMap<>();
            t.skipped().forEach((k, v) -> reasons.put(k.replaceAll("[^A-Za-z0-9]+", "_"), v));
            m.put("lines_skipped_by_reason", reasons);
            m.put("log_end_at", t.last());
            m.put("active_bans_at_log_end", active.size());
            m.put("active_bans", activeNow);
            out.println(Json.write(m));
            return;
        }
        Figures f = new Figures(out);
        out.printf("Replayed into %s%n", location);
        f.line("Lines read", t.lines());
        f.line("Ban events", t.events());
        f.line(Figures.OFFENSES, t.offenses());
        t.byStrike().forEach((k, v) -> f.sub("strike " + k, v));
        f.sub("of them subnets", subnetOffenses);
        figures.forEach(x -> f.line(x.label(), x.value()));
        f.line("Lines skipped", skipped);
        new TreeMap<>(t.skipped()).forEach((k, v) -> f.sub(k, v));
        if (t.last() != null) {
            out.printf("%nActive bans at the end of the log (%s %s): %d%n", Times.local(t.last(), zone), Times.zoneName(zone),
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
                    // the log's end is in the past: status --at shows the bans as they ran then
                    out.printf("… and %d more (saslfail status --at %s --db %s)%n", active.size() - top, t.last(), location);
                }
            }
            if (activeNow != active.size()) {
                out.printf("Active bans now: %d (saslfail status --db %s)%n", activeNow, location);
            }
        }
    }

    private record Figure(String label, String key, long value) {
    }
}
