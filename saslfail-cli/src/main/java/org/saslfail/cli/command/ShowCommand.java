package org.saslfail.cli.command;

import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.AddressArgument;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.KnownUserMarks;
import org.saslfail.cli.output.Standings;
import org.saslfail.cli.output.NodeColumn;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.IpPrefix;
import picocli.CommandLine.Option;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.model.Texts;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.policy.EarlyLift;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.port.in.OffenderUseCase;
import org.saslfail.core.report.Standing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {
            "Show the offense history of an address or network and its ban now (or at --at TIME).",
            "An IPv6 address shows its /64's history; a subnet ban covering the address is shown too. COUNTS says whether an offense still counts (offenses older than forget_after are forgotten), and the standing line the strike the next offense would get (per service under history = per-service). A known user's address (someone logged in from it within known_user_window) says who and when."})
public final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    @Parameters(paramLabel = "ADDRESS", description = "An IPv4/IPv6 address, or a network such as 203.0.113.0/24.")
    String address;

    @Option(names = "--at", paramLabel = "TIME", description = {"Judge the history at TIME instead of now (the ban",
        "running then, what counted then): 2026-03-01, 2026-03-01T10:00, 2026-03-01T10:00:00Z, or a duration ago (24h)."})
    String at;

    private final Clock clock;

    @Inject
    ShowCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        IpPrefix asked = AddressArgument.parse("ADDRESS", address);
        ZoneId zone = ZoneId.systemDefault();
        Instant now = at == null ? clock.instant() : Times.parse("--at", at, zone, clock.instant());
        String when = at == null ? "now" : "at " + Times.local(now, zone);
        try (App app = App.open(common, clock).requireExistingStore()) {
            EscalationPolicy policy = app.get(EscalationPolicy.class);
            OffenderUseCase.OffenderRecord record = app.get(OffenderUseCase.class)
                    .offender(new OffenderUseCase.OffenderQuery(asked, now));
            IpPrefix key = record.offender();
            List<Offense> offenses = record.offenses();
            Offense active = record.active();
            List<Standing> standing = record.standing();
            Optional<String> narrowed = Optional.ofNullable(record.narrowed());
            List<Login> known = record.knownUsers();
            var out = spec.commandLine().getOut();
            if (json.json) {
                Map<String, Object> m = JsonSchema.document("show");
                m.put("at", now);
                m.put("query", JsonSchema.prefix(asked));
                m.put("offender", JsonSchema.prefix(key));
                m.put("known_users", KnownUserMarks.json(known));
                m.put("narrowed", narrowed.orElse(null));
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < offenses.size(); i++) {
                    Map<String, Object> row = JsonSchema.offense(offenses.get(i));
                    row.put("counts", record.counts().get(i));
                    list.add(row);
                }
                m.put("offenses", list);
                m.put("active", active == null ? null : JsonSchema.offense(active));
                m.put("history", policy.history() == HistoryMode.PER_SERVICE ? "per-service" : "shared");
                m.put("forget_after_seconds", JsonSchema.seconds(policy.forgetAfter()));
                m.put("next_strike", JsonSchema.nextStrike(standing));
                m.put("standing", JsonSchema.standing(standing));
                out.println(Json.write(m));
                return 0;
            }
            out.println(asked.equals(key) ? "Offender " + key : asked + " (counted as " + key + ")");
            if (!known.isEmpty()) {
                out.println("Known user's address: " + Messages.knownUserSentence(known, now) + " (known_users = "
                        + policy.knownUsers().mode().id() + ").");
            }
            narrowed.ifPresent(n -> out.println("Narrowed: " + n + " (no ban ever covers an ignored or own address)."));
            String standingLine = "Standing (" + (policy.history() == HistoryMode.PER_SERVICE ? "per-service" : "shared")
                    + " history, offenses older than " + Durations.format(policy.forgetAfter()) + " are forgotten): "
                    + Standings.text(standing) + ".";
            if (offenses.isEmpty()) {
                out.println("No offenses recorded.");
                out.println(standingLine);
                return 0;
            }
            NodeColumn nodes = NodeColumn.of(offenses.stream().map(Offense::node));
            Table t = nodes.table(Times.heading("TIME", zone), "OFFENDER", "STRIKE", "SERVICE", "JAIL", Times.heading("ENDS", zone),
                    "COUNTS", "KNOWN USER");
            for (int i = 0; i < offenses.size(); i++) {
                Offense o = offenses.get(i);
                String ends = EarlyLift.liftedEarly(o) ? "lifted " + Times.local(o.liftedAt(), zone)
                        : o.permanent() ? "never" : Times.local(o.expiresAt(), zone);
                t.row(nodes.row(o.node(), Times.local(o.at(), zone), o.offender(), o.strike(), o.service().id(), o.jail(), ends,
                        record.counts().get(i) ? "yes" : "no (forgotten)",
                        o.knownUser() ? String.join(" ", o.knownUsers().stream().map(Texts::quoteShort).toList()) : "-"));
            }
            t.print(out);
            out.println(active == null ? "Not banned " + when + "."
                    : "Banned " + when + " at strike " + active.strike() + " in " + active.jail()
                            + (active.permanent() ? ", permanently." : " until " + Times.local(active.expiresAt(), zone) + " " + Times.zoneName(zone) + "."));
            out.println(standingLine);
            return 0;
        }
    }
}
