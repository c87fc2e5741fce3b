package org.saslfail.cli.command;

import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.Limits;
import org.saslfail.cli.output.NodeColumn;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.saslfail.core.port.in.StatusUseCase;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.ActiveBanPage;
import org.saslfail.core.report.LeftOut;
import org.saslfail.core.port.in.EnforcementStatusUseCase;
import org.saslfail.core.port.in.EnforcementStatusUseCase.EnforcementStatus;
import org.saslfail.core.service.BanSetSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Show the bans running now (or at --at TIME), highest strike first.",
            "OFFENSES counts every offense of the offender on record, COUNTING those that still count for its next ban (younger than forget_after; of the ban's service under history = per-service)."})
public final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;
    @Option(names = "--at", paramLabel = "TIME", description = {"Show the bans that ran at TIME instead of now:",
        "2026-03-01, 2026-03-01T10:00 (local), 2026-03-01T10:00:00Z, or a duration ago (24h, 7d)."})
    String at;

    @Option(names = "--limit", paramLabel = "N", description = "At most N bans, highest strike first (default: 100 on a terminal,"
            + " all when the output is a pipe or file; a footer on standard error says how many were left out).")
    Integer limit;

    private final Clock clock;

    @Inject
    StatusCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        ZoneId zone = ZoneId.systemDefault();
        Instant now = at == null ? clock.instant() : Times.parse("--at", at, zone, clock.instant());
        int max = Limits.resolve(limit, 100);
        try (App app = App.open(common, clock).requireExistingStore()) {
            // the offenses that count for each offender's next decision, as the escalation engine counts them
            ActiveBanPage page = app.get(StatusUseCase.class).activeBans(new StatusUseCase.StatusQuery(now, max));
            List<ActiveBan> bans = page.bans();
            var out = spec.commandLine().getOut();
            if (json.json) {
                Map<String, Object> doc = JsonSchema.document("status");
                doc.put("at", now);
                doc.put("active_bans", page.total());
                doc.put("bans", bans.stream().map(JsonSchema::activeBan).toList());
                Limits.json(doc, LeftOut.exactly(page.more()));
                if (at == null) {
                    doc.put("enforcement", JsonSchema.enforcement(enforcementStatus(app, now)));
                }
                out.println(Json.write(doc));
                Limits.footer(spec.commandLine().getErr(), page.more());
                return 0;
            }
            String when = at == null ? "" : " at " + Times.local(now, zone);
            if (bans.isEmpty()) {
                out.println("No active bans" + (at == null ? " now" : when) + ".");
                enforcement(app, now).ifPresent(out::println);
                return 0;
            }
            NodeColumn nodes = NodeColumn.of(bans.stream().map(ActiveBan::node));
            Table t = nodes.table("ADDRESS", "STRIKE", "JAIL", Times.heading("BANNED", zone), Times.heading("EXPIRES", zone), "LEFT",
                    "OFFENSES", "COUNTING");
            for (ActiveBan b : bans) {
                t.row(nodes.row(b.node(), b.offender(), b.strike(), b.jail(), Times.local(b.bannedAt(), zone),
                        b.expiresAt() == null ? "never" : Times.local(b.expiresAt(), zone),
                        b.expiresAt() == null ? "permanent" : Times.left(java.time.Duration.between(now, b.expiresAt())),
                        b.offensesTotal(), b.offenses()));
            }
            t.print(out);
            out.println(page.total() + " active ban" + (page.total() == 1 ? "" : "s") + when + ".");
            enforcement(app, now).ifPresent(out::println);
            Limits.footer(spec.commandLine().getErr(), page.more());
            return 0;
        }
    }

    private static EnforcementStatus enforcementStatus(App app, Instant now) {
        return app.get(EnforcementStatusUseCase.class).status(new EnforcementStatusUseCase.EnforcementQuery(now, false));
    }

    /**
     * Who enforces the bans now; under nftables the daemon's last figures for its table (reading the
     * table itself takes seconds at scale: {@code doctor} does). Nothing for a past instant.
     */
    private Optional<String> enforcement(App app, Instant now) {
        if (at != null) {
            return Optional.empty();
        }
        EnforcementStatus e = enforcementStatus(app, now);
        if (e.backend().equals("fail2ban")) {
            return Optional.of("Enforcement: fail2ban jails.");
        }
        return Optional.of("Enforcement: " + e.backend() + ", " + e.location().get() + " (tier, subnet and permanent bans;"
                + " strike 1 in fail2ban): " + e.figures().map(BanSetSync.Result::describe)
                .orElse("no figures yet (the daemon has not checked it)") + ". A fresh read: saslfail doctor.");
    }
}
