package org.saslfail.cli.command;

import org.saslfail.cli.output.Figures;
import org.saslfail.cli.output.Limits;
import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.UsageException;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.SummaryOutput;
import org.saslfail.cli.output.KnownUserMarks;
import org.saslfail.cli.output.Standings;
import org.saslfail.cli.output.NodeColumn;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.saslfail.core.port.in.ByDayUseCase;
import org.saslfail.core.port.in.DayBansUseCase;
import org.saslfail.core.port.in.ReportSummaryUseCase;
import org.saslfail.core.port.in.TopOffendersUseCase;
import org.saslfail.core.port.in.TopOffendersUseCase.OffenderStanding;
import org.saslfail.core.port.in.TopOffendersUseCase.TopOffenders;
import org.saslfail.core.port.in.TopOffendersUseCase.TopOffendersQuery;
import org.saslfail.core.model.Offense;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.ListedBan;
import org.saslfail.core.model.Texts;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print statistics over the whole history (restores and repeats are never offenses).",
        subcommands = {ReportCommand.SummaryReport.class, ReportCommand.ByIpReport.class, ReportCommand.ByDateReport.class,
            DailyReportCommand.class, WeeklyReportCommand.class})
public final class ReportCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a report: summary, by-ip, by-date, daily or weekly");
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Print totals: offenses by strike and service, offenders, restores, last 24 h, active bans.")
    static final class SummaryReport implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;
        @Mixin JsonOption json;
        private final Clock clock;

        @Inject
        SummaryReport(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            Instant now = clock.instant();
            try (App app = App.open(common, clock).requireExistingStore()) {
                Summary s = app.get(ReportSummaryUseCase.class).summary(new ReportSummaryUseCase.SummaryQuery(now));
                var out = spec.commandLine().getOut();
                if (json.json) {
                    Map<String, Object> m = JsonSchema.document("report summary");
                    m.put("at", now);
                    m.put("offenses", s.offenses());
                    m.put("offenses_by_strike", JsonSchema.strikes(s.offensesByStrike()));
                    m.put("offenses_by_service", new TreeMap<>(s.offensesByService()));
                    m.put("unique_offenders", s.uniqueOffenders());
                    m.put("restores", s.restores());
                    m.put("repeats_while_banned", s.repeats());
                    m.put("offenses_last_24h", s.offensesLast24h());
                    m.put("active_bans", s.activeBans());
                    m.put("first_offense_at", s.first());
                    m.put("last_offense_at", s.last());
                    out.println(Json.write(m));
                    return 0;
                }
                ZoneId zone = ZoneId.systemDefault();
                Figures f = new Figures(out);
                f.line("Offenses", s.offenses());
                new TreeMap<>(s.offensesByStrike()).forEach((k, v) -> f.sub("strike " + k, v));
                new TreeMap<>(s.offensesByService()).forEach((k, v) -> f.sub(k, v));
                f.line("Unique offenders", s.uniqueOffenders());
                f.line("Offenses in the last 24 h", s.offensesLast24h());
                f.line("Active bans", s.activeBans());
                f.line(Figures.RESTORES, s.restores());
                f.line(Figures.REPEATS, s.repeats());
                f.line("First offense (" + Times.zoneName(zone) + ")", Times.local(s.first(), zone));
                f.line("Last offense (" + Times.zoneName(zone) + ")", Times.local(s.last(), zone));
                return 0;
            }
        }
    }

    @Command(name = "by-ip", mixinStandardHelpOptions = true, description = {
            "List offenders, the most offenses first.",
            "OFFENSES (every offense on record), MAX STRIKE, FIRST and LAST are all-time; COUNTING is how many offenses still count now (younger than forget_after) and NEXT STRIKE what the next offense would get (per service under history = per-service). KNOWN USER names the users who logged in from the address within known_user_window."})
    static final class ByIpReport implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;
        @Mixin JsonOption json;
        @Option(names = "--limit", paramLabel = "N", description = "At most N offenders (default: 50 on a terminal, all when the"
                + " output is a pipe or file; a footer on standard error says how many were left out).")
        Integer limit;
        private final Clock clock;

        @Inject
        ByIpReport(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            int max = Limits.resolve(limit, 50);
            Instant now = clock.instant();
            try (App app = App.open(common, clock).requireExistingStore()) {
                TopOffenders top = app.get(TopOffendersUseCase.class).top(new TopOffendersQuery(max, now));
                long leftOut = top.leftOut();
                var out = spec.commandLine().getOut();
                if (json.json) {
                    List<Object> rows = new ArrayList<>();
                    for (OffenderStanding o : top.offenders()) {
                        Map<String, Object> row = JsonSchema.offender(o.stat());
                        row.put("counting_offenses", o.countingOffenses());
                        row.put("next_strike", JsonSchema.nextStrike(o.standing()));
                        row.put("standing", JsonSchema.standing(o.standing()));
                        row.put("known_users", KnownUserMarks.json(o.knownUsers()));
                        rows.add(row);
                    }
                    Map<String, Object> doc = JsonSchema.document("report by-ip");
                    doc.put("at", now);
                    doc.put("offenders", rows);
                    doc.put("left_out", leftOut);
                    out.println(Json.write(doc));
                    Limits.footer(spec.commandLine().getErr(), leftOut);
                    return 0;
                }
                ZoneId zone = ZoneId.systemDefault();
                Table t = new Table("ADDRESS", "OFFENSES", "MAX STRIKE", Times.heading("FIRST", zone), Times.heading("LAST", zone),
                        "COUNTING", "NEXT STRIKE", "KNOWN USER");
                for (OffenderStanding o : top.offenders()) {
                    OffenderStat s = o.stat();
                    t.row(s.offender(), s.offenses(), s.maxStrike(), Times.local(s.first(), zone), Times.local(s.last(), zone),
                            Standings.cell(o.standing(), false), Standings.cell(o.standing(), true),
                            KnownUserMarks.cell(o.knownUsers()));
                }
                t.print(out);
                Limits.footer(spec.commandLine().getErr(), leftOut);
                return 0;
            }
        }
    }

    @Command(name = "by-date", mixinStandardHelpOptions = true, description = {
            "Count offenses per local calendar day, newest first.",
            "With --date D: list every ban of that day (the full lists the daily summary cuts), oldest first."})
    static final class ByDateReport implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;
        @Mixin JsonOption json;
        @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "At most N days (default ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--date", paramLabel = "D", description = "List every ban of local day D (e.g. 2026-03-01).")
        String date;
        private final Clock clock;

        @Inject
        ByDateReport(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            if (days < 1) {
                throw new UsageException("--days must be at least 1, got " + days);
            }
            ZoneId zone = ZoneId.systemDefault();
            if (date != null) {
                return day(SummaryOutput.date("--date", date), zone);
            }
            try (App app = App.open(common, clock).requireExistingStore()) {
                List<DayStat> stats = app.get(ByDayUseCase.class).byDay(new ByDayUseCase.ByDayQuery(zone, days));
                var out = spec.commandLine().getOut();
                if (json.json) {
                    Map<String, Object> doc = JsonSchema.document("report by-date");
                    doc.put("time_zone", zone.getId());
                    doc.put("days", stats.stream().map(JsonSchema::day).toList());
                    out.println(Json.write(doc));
                    return 0;
                }
                Table t = new Table(Times.heading("DATE", zone), "OFFENSES", "STRIKE 1", "STRIKE 2", "STRIKE 3+", "UNIQUE");
                for (DayStat d : stats) {
                    long s3 = d.offensesByStrike().entrySet().stream().filter(e -> e.getKey() >= 3).mapToLong(Map.Entry::getValue).sum();
                    t.row(d.day(), d.offenses(), d.offensesByStrike().getOrDefault(1, 0L), d.offensesByStrike().getOrDefault(2, 0L), s3,
                            d.uniqueOffenders());
                }
                t.print(out);
                return 0;
            }
        }

        private int day(java.time.LocalDate day, ZoneId zone) {
            try (App app = App.open(common, clock).requireExistingStore()) {
                BanPage bans = app.get(DayBansUseCase.class).bans(new DayBansUseCase.DayBansQuery(day, zone));
                var out = spec.commandLine().getOut();
                if (json.json) {
                    out.println(Json.write(bans.bans().stream().map(SummaryOutput::banJson).toList()));
                    return 0;
                }
                NodeColumn nodes = NodeColumn.of(bans.bans().stream().map(b -> b.offense().node()));
                Table t = nodes.table("TIME", "ADDRESS", "STRIKE", "SERVICE", "KNOWN USER", "USERS TRIED");
                for (ListedBan b : bans.bans()) {
                    Offense o = b.offense();
                    t.row(nodes.row(o.node(), Times.local(o.at(), zone), o.offender(), o.strike(), o.service().id(),
                            o.knownUser() ? String.join(" ", o.knownUsers().stream().map(Texts::quoteShort).toList()) : "-",
                            b.triedUsernames().isEmpty() ? "-"
                                    : String.join(" ", b.triedUsernames().stream().map(Texts::quoteShort).toList())));
                }
                t.print(out);
                out.println(bans.total() + " ban" + (bans.total() == 1 ? "" : "s") + " on " + day + ".");
                return 0;
            }
        }
    }
}
