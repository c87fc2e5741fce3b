package org.saslfail.cli;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Retention;
import org.saslfail.core.port.in.PruneUseCase;
import org.saslfail.core.port.in.PruneUseCase.Pruned;
import org.saslfail.core.service.PruneService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {
            "Delete events and offenses older than 'retention' (default forget_after + 30d) and give the space back.",
            "Offenses that still count, running bans and the all-time report totals are kept. The daemon does this daily."})
final class PruneCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
    boolean dryRun;

    private final Clock clock;

    @Inject
    PruneCommand(Clock clock) {
        this.clock = clock;
    }

    /** The prune use case over this store, with the configured retention. */
    static PruneUseCase pruner(org.saslfail.core.config.Settings settings, EscalationPolicy policy,
                               org.saslfail.core.port.out.PrunePort store) {
        return new PruneService(new Retention(settings.retention(), policy.forgetAfter()), store);
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock).requireExistingStore()) {
            Pruned p = pruner(app.settings(), app.get(EscalationPolicy.class), app.store())
                    .prune(new PruneUseCase.PruneCommand(clock.instant(), dryRun));
            spec.commandLine().getOut().println(describe(p));
            return 0;
        }
    }

    static String describe(Pruned p) {
        return (p.dryRun() ? "Would delete " : "Deleted ") + p.offenses() + " offenses, " + p.events() + " events and "
                + p.sparedSubnets() + " spared-subnet records from before " + p.cutoff()
                + (p.dryRun() ? " (dry run: nothing changed)." : ".");
    }
}
