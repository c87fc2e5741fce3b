package org.saslfail.cli.command;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.in.ReplayUseCase;
import org.saslfail.core.port.in.ReplayUseCase.Replayed;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.fail2ban.replay.Fail2banLogs;
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
            try (Fail2banLogs lines = new Fail2banLogs(files, zone)) {
                Replayed r = replay.replay(new ReplayUseCase.ReplayCommand(lines, chosen));
                print(r, app.store().location(), zone);
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

    private void print(Replayed t, String location, ZoneId zone) {
        List<ActiveBan> active = t.active();
        var out = spec.commandLine().getOut();
        long skipped = t.skipped().values().stream().mapToLong(Long::longValue).sum();
        // the counters after the offenses, in print order, under their text label and JSON key
        List<Figure> figures = List.of(
                new Figure("Restores (never counted)", "restores", t.results().getOrDefault(Result.RESTORE, 0L)),
                new Figure("Repeats while banned", "repeats_while_banned", t.results().getOrDefault(Result.REPEAT, 0L)),
                new Figure("Unbans", "unbans", t.results().getOrDefault(Result.UNBAN, 0L)),
                new Figure("Ignored addresses", "ignored", t.results().getOrDefault(Result.IGNORED, 0L)),
                new Figure("Other jails (not watched)", "not_watched", t.results().getOrDefault(Result.NOT_WATCHED, 0L)),
                new Figure("Already recorded", "already_recorded", t.results().getOrDefault(Result.DUPLICATE, 0L)),
                new Figure("Subnet offenses", "subnet_offenses", t.subnets().getOrDefault(Result.OFFENSE, 0L)),
                new Figure("Tier bans (dry run)", "would_enforce", t.enforced()));
        if (json.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", location);
            m.put("lines", t.lines());
            m.put("events", t.events());
            m.put("offenses", t.results().getOrDefault(Result.OFFENSE, 0L));
            Map<String, Object> byStrike = new LinkedHashMap<>();
            t.byStrike().forEach((k, v) -> byStrike.put(String.valueOf(k), v));
            m.put("offenses_by_strike", byStrike);
            figures.forEach(f -> m.put(f.key(), f.value()));
            m.put("lines_skipped", skipped);
            m.put("lines_skipped_by_reason", new TreeMap<>(t.skipped()));
            m.put("log_end", t.last());
            m.put("active_at_log_end", active.size());
            out.println(Json.write(m));
            return;
        }
        out.printf("Replayed into %s%n", location);
        out.printf("Lines read:                %d%n", t.lines());
        out.printf("Ban events:                %d%n", t.events());
        out.printf("New offenses:              %d%n", t.results().getOrDefault(Result.OFFENSE, 0L));
        t.byStrike().forEach((k, v) -> out.printf("  strike %d:                %d%n", k, v));
        figures.forEach(f -> out.printf("%-26s %d%n", f.label() + ":", f.value()));
        out.printf("Lines skipped:             %d%n", skipped);
        new TreeMap<>(t.skipped()).forEach((k, v) -> out.printf("  %-24s %d%n", k + ":", v));
        if (t.last() != null) {
            out.printf("%nBans running at the end of the log (%s): %d%n", Times.local(t.last(), zone), active.size());
            if (!active.isEmpty() && top > 0) {
                Table table = new Table("ADDRESS", "STRIKE", "JAIL", "BANNED", "EXPIRES", "OFFENSES");
                for (ActiveBan b : active.subList(0, Math.min(top, active.size()))) {
                    table.row(b.offender(), b.strike(), b.jail(), Times.local(b.bannedAt(), zone),
                            b.expiresAt() == null ? "never" : Times.local(b.expiresAt(), zone), b.offenses());
                }
                table.print(out);
                if (active.size() > top) {
                    out.printf("… and %d more (saslfail status --db %s)%n", active.size() - top, location);
                }
            }
        }
    }

    private record Figure(String label, String key, long value) {
    }
}
