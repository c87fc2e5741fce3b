package org.saslfail.cli.command;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.saslfail.cli.wiring.App;
import org.saslfail.core.port.in.PruneUseCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {
            "Delete events and offenses older than retention and give the space back.",
            "retention defaults to forget_after + 30d. Offenses that still count, running bans and the all-time report totals are kept. The daemon does this daily."})
public final class PruneCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
    boolean dryRun;

    private final Clock clock;

    @Inject
    PruneCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock).requireExistingStore()) {
            PruneUseCase.Pruned p = app.get(PruneUseCase.class).prune(new PruneUseCase.PruneCommand(clock.instant(), dryRun));
            spec.commandLine().getOut().println(p.describe());
            return 0;
        }
    }
}
