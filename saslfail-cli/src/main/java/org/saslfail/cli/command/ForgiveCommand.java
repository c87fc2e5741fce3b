package org.saslfail.cli.command;

import org.saslfail.cli.wiring.App;
import java.util.function.IntPredicate;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.ForgiveUseCase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.saslfail.core.policy.EscalationPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forgive", mixinStandardHelpOptions = true,
        description = {
            "Lift the ban of an address or network and erase its whole history.",
            "Its next offense is a first offense again. Asks first on a terminal; elsewhere --yes is required."})
public final class ForgiveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ADDRESS", description = "An IP address or network.")
    String address;

    @Mixin Confirmation confirmation;

    private final Clock clock;

    @Inject
    ForgiveCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock)) {
            AdminTarget target = AdminTarget.parse(address, app.get(EscalationPolicy.class));
            String what = "forgive erases the history of " + target.offender();
            // refused before fail2ban is even asked: a script without --yes learns it at once
            confirmation.requireAnswerable(what);
            IntPredicate confirm = offenses -> confirmation.confirm(what + " (" + offenses + " offense"
                    + (offenses == 1 ? "" : "s") + ") and lifts its ban");
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
