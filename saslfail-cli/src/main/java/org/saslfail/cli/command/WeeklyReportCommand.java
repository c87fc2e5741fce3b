package org.saslfail.cli.command;

import org.saslfail.cli.output.SummaryOutput;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.saslfail.core.notify.SummaryRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "weekly", mixinStandardHelpOptions = true,
        description = {
            "Print the weekly summary of one Monday-to-Sunday week, as the daemon mails it.",
            "It holds the daily figures plus the day-by-day breakdown and a chart of bans per day."})
public final class WeeklyReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin SummaryOutput output;
    @Mixin JsonOption json;
    @Option(names = "--end", paramLabel = "D",
            description = "A day of the week to summarise, usually its Sunday, e.g. 2026-03-01 (default: this week so far).")
    String end;

    private final Clock clock;

    @Inject
    WeeklyReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        LocalDate day = end == null ? LocalDate.now(clock) : SummaryOutput.date("--end", end);
        output.validate();
        SummaryRequest request = SummaryRequest.weekly(day, clock.getZone());
        try (App app = App.open(common, clock)) {
            output.emit(app, request, "weekly summary of " + request.firstDay() + " to " + request.lastDay(),
                    spec.commandLine().getOut(), json.json, clock.instant());
        }
        return 0;
    }
}
