package org.saslfail.cli.command;

import org.saslfail.cli.output.SummaryOutput;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.saslfail.core.notify.SummaryRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "daily", mixinStandardHelpOptions = true,
        description = {
            "Print the daily summary of one local day, as the daemon mails it.",
            "It covers today so far unless told otherwise: new bans by strike and service, active bans, subnet bans, subnets spared because they hold an ignored address, and the top offenders. Today's summary of this machine's own store also warns when fail2ban or the daemon is not running; a past day, or another store (--db), states no health."})
public final class DailyReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin SummaryOutput output;
    @Mixin JsonOption json;
    @ArgGroup(exclusive = true) Day day;

    static final class Day {
        @Option(names = "--date", paramLabel = "D", description = "The day to summarise, e.g. 2026-03-01.")
        String date;
        @Option(names = "--yesterday", description = "Summarise yesterday.")
        boolean yesterday;
    }

    private final Clock clock;

    @Inject
    DailyReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        LocalDate today = LocalDate.now(clock);
        LocalDate date = day == null ? today : day.yesterday ? today.minusDays(1) : SummaryOutput.date("--date", day.date);
        output.validate();
        try (App app = App.open(common, clock)) {
            output.emit(app, SummaryRequest.daily(date, clock.getZone()), "daily summary of " + date,
                    spec.commandLine().getOut(), json.json, clock.instant());
        }
        return 0;
    }
}
