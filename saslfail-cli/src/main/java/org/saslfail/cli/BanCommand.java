package org.saslfail.cli;

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
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.store.DaemonStore;
import org.saslfail.store.OffenseStore;
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
final class BanCommand implements Callable<Integer> {
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
            Settings settings = app.settings();
            EscalationPolicy policy = app.get(EscalationPolicy.class);
            Admin.Target target = Admin.target(address, policy);
            Admin.checkNotIgnored(target, policy);
            if (strike != null && (strike < 1 || strike > Math.max(policy.ladder().size(), policy.permanentAfter()))) {
                throw new UsageException("--strike must be between 1 and " + Math.max(policy.ladder().size(),
                        policy.permanentAfter()) + ", got " + strike);
            }
            Fail2banClient client = app.fail2ban();
            Admin.requireFail2ban(client);
            OffenseStore store = app.store();
            Instant exact = clock.instant();
            // recorded in whole seconds, as fail2ban records its ban: its row must find this offense running
            Instant now = exact.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Escalator escalator = new Escalator(policy);
            List<Offense> known = store.history(target.offender(), escalator.historySince(now));
            Optional<Offense> running = known.stream().filter(o -> o.activeAt(exact)).reduce((a, b) -> b);
            var out = spec.commandLine().getOut();
            if (running.isPresent() && strike == null) {
                Offense o = running.get();
                out.println(target.offender() + " is already banned at strike " + o.strike() + " in " + o.jail()
                        + (o.expiresAt() == null ? " permanently" : " until " + o.expiresAt()));
                return 0;
            }
            Service service = settings.services().get(0);
            JailName strikeOneJail = JailName.of("saslfail-" + service.id());
            int number = strike != null ? strike : (int) known.stream()
                    .filter(o -> o.at().isAfter(escalator.historySince(now))).count() + 1;
            if (running.isPresent()) {
                store.lift(target.offender(), now);
                client.unban(running.get().jail(), List.of(target.offender()));
            }
            JailName jail = number == 1 && policy.banLength(1).isPresent() ? strikeOneJail : policy.tierJail(number);
            Instant at = now;
            Offense offense = null;
            // a second hand ban of the same address within one second (after an unban) would share the
            // first one's event key, and fail2ban's row of this second is already accounted for by it:
            // a millisecond later is a key of its own and still a running ban now
            for (int attempt = 0; attempt < 2; attempt++, at = at.plusMillis(1)) {
                offense = new Offense(target.offender(), target.offender().network(), service,
                        Math.min(number, policy.ladder().size()), jail, at, policy.banLength(number).map(at::plus).orElse(null),
                        null);
                BanEvent event = new BanEvent(BanEvent.Kind.BAN, strikeOneJail, target.offender().network(), at);
                if (store.record(new Outcome(event, Outcome.Result.OFFENSE, target.offender(), service, offense,
                        "banned by hand (saslfail ban), offense " + number))) {
                    break;
                }
            }
            try {
                client.ban(jail, List.of(target.offender()));
                if (!jail.equals(strikeOneJail)) {
                    Admin.liftFromStrikeOne(client, settings, target);
                }
            } catch (JailUnavailableException e) {
                store.daemon().pending(jail, target.offender(), DaemonStore.Op.BAN, now, now, e.getMessage());
                throw new JailUnavailableException("recorded the ban of " + target.offender() + ", but fail2ban did not "
                        + "take it (" + e.getMessage() + "); the daemon retries it", e);
            }
            out.println("Banned " + target.offender() + " at strike " + offense.strike() + " in " + jail
                    + (offense.expiresAt() == null ? " permanently" : " until " + offense.expiresAt())
                    + " (offense " + number + ").");
            return 0;
        }
    }
}
