package org.saslfail.cli;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.store.OffenseStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forgive", mixinStandardHelpOptions = true,
        description = {
            "Lift the ban of an address or network and erase its whole history.",
            "Its next offense is a first offense again. Asks first on a terminal; elsewhere --yes is required."})
final class ForgiveCommand implements Callable<Integer> {
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
            EscalationPolicy policy = app.get(EscalationPolicy.class);
            Admin.Target target = Admin.target(address, policy);
            if (!confirmation.yes && System.console() == null) {
                // refused before fail2ban is even asked: a script without --yes learns it at once
                confirmation.confirm(spec.commandLine().getOut(), "forgive erases the history of " + target.offender());
            }
            Fail2banClient client = app.fail2ban();
            Admin.requireFail2ban(client);
            OffenseStore store = app.store();
            int offenses = store.offensesWithin(target.offender()).size();
            var out = spec.commandLine().getOut();
            if (!confirmation.confirm(out, "forgive erases the history of " + target.offender() + " (" + offenses
                    + " offense" + (offenses == 1 ? "" : "s") + ") and lifts its ban")) {
                return 0;
            }
            var jails = Admin.lift(app, client, policy, target, clock.instant()).jails();
            int erased = store.forget(target.offender());
            out.println("Forgave " + target.offender() + ": erased " + erased + " offense" + (erased == 1 ? "" : "s")
                    + (jails.isEmpty() ? "" : ", lifted from " + jails) + ".");
            return 0;
        }
    }
}
