package org.saslfail.cli.command;

import org.saslfail.cli.wiring.App;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.ManualBanUseCase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ban", mixinStandardHelpOptions = true,
        description = {
            "Ban an address or network now, as an offense in its history.",
            "The ban is recorded in the store and made in fail2ban alike. Without --strike it gets the strike its history earns; an IPv6 address is banned by its /64."})
public final class BanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ADDRESS", description = "An IP address or network, e.g. 203.0.113.7 or 203.0.113.0/24.")
    String address;

    @Option(names = "--strike", paramLabel = "N", description = "Ban at strike N (1 = the strike-1 jail).")
    Integer strike;

    private final Clock clock;

    @Inject
    BanCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock)) {
            AdminTarget target = AdminTarget.parse(address, app.get(EscalationPolicy.class));
            ManualBanUseCase.ManualBan ban = app.get(ManualBanUseCase.class)
                    .ban(new ManualBanUseCase.ManualBanCommand(target, Optional.ofNullable(strike), clock.instant()));
            Offense o = ban.offense();
            var out = spec.commandLine().getOut();
            if (ban.alreadyBanned()) {
                out.println(target.offender() + " is already banned at strike " + o.strike() + " in " + o.jail()
                        + (o.expiresAt() == null ? " permanently" : " until " + o.expiresAt()));
                return 0;
            }
            out.println("Banned " + target.offender() + " at strike " + o.strike() + " in " + ban.jail()
                    + (o.expiresAt() == null ? " permanently" : " until " + o.expiresAt())
                    + " (offense " + ban.number() + ").");
            ban.note().ifPresent(out::println);
            return 0;
        }
    }
}
