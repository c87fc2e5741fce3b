package org.saslfail.cli.command;

import org.saslfail.cli.wiring.App;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.LiftBanUseCase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "unban", mixinStandardHelpOptions = true,
        description = {
            "Lift the running ban of an address or network.",
            "The ban is lifted in the store and in every saslfail jail. The history is kept: its next offense still counts the earlier ones (see 'forgive')."})
public final class UnbanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ADDRESS", description = "An IP address or network.")
    String address;

    private final Clock clock;

    @Inject
    UnbanCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock)) {
            AdminTarget target = AdminTarget.parse(address, app.get(EscalationPolicy.class));
            LiftBanUseCase.Lifted lifted = app.get(LiftBanUseCase.class)
                    .lift(new LiftBanUseCase.LiftBanCommand(target, clock.instant()));
            List<JailName> jails = lifted.jails();
            var out = spec.commandLine().getOut();
            if (lifted.bans() == 0 && jails.isEmpty()) {
                out.println(target.offender() + " was not banned; nothing to lift.");
            } else {
                out.println("Lifted the ban of " + target.offender() + (jails.isEmpty() ? "" : " from " + jails)
                        + "; its history is kept.");
            }
            return 0;
        }
    }
}
