package org.saslfail.cli.command;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.wiring.App;
import java.util.function.IntPredicate;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.ForgiveUseCase;
import jakarta.inject.Inject;
import java.io.Console;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.saslfail.core.policy.EscalationPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forgive", mixinStandardHelpOptions = true,
        description = {
            "Lift the ban of an address (or network) and erase its whole history: its next offense is a",
            "first offense again. Asks first on a terminal; elsewhere --yes is required."})
public final class ForgiveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ADDRESS", description = "An IP address or network.")
    String address;

    @Option(names = "--yes", description = "Do not ask.")
    boolean yes;

    private final Clock clock;

    @Inject
    ForgiveCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock)) {
            AdminTarget target = AdminTarget.parse(address, app.get(EscalationPolicy.class));
            Console console = System.console();
            if (!yes && console == null) {
                throw new UsageException("forgive erases the history of " + target.offender()
                        + "; there is no terminal to ask on, so confirm with --yes");
            }
            IntPredicate confirm = offenses -> {
                if (yes) {
                    return true;
                }
                String answer = console.readLine("Erase the history of %s (%d offense%s) and lift its ban? [y/N] ",
                        target.offender(), offenses, offenses == 1 ? "" : "s");
                return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
            };
            ForgiveUseCase.Forgiven forgiven = app.get(ForgiveUseCase.class)
                    .forgive(new ForgiveUseCase.ForgiveCommand(target, clock.instant(), confirm));
            var out = spec.commandLine().getOut();
            if (!forgiven.done()) {
                out.println("Nothing changed.");
                return 0;
            }
            int erased = forgiven.erased();
            var jails = forgiven.jails();
            out.println("Forgave " + target.offender() + ": erased " + erased + " offense" + (erased == 1 ? "" : "s")
                    + (jails.isEmpty() ? "" : ", lifted from " + jails) + ".");
            return 0;
        }
    }
}
