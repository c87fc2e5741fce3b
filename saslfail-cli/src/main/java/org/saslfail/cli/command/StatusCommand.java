package org.saslfail.cli.command;

import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saslfail.core.port.in.StatusUseCase;
import org.saslfail.core.report.ActiveBan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Show the bans running now, highest strike first.",
            "OFFENSES counts the offender's offenses that still count for its next ban (younger than forget_after; of the ban's service under history = per-service), TOTAL every offense on record."})
public final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    private final Clock clock;

    @Inject
    StatusCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Instant now = clock.instant();
        try (App app = App.open(common, clock).requireExistingStore()) {
            // the offenses that count for each offender's next decision, as the escalation engine counts them
            List<ActiveBan> bans = app.get(StatusUseCase.class).activeBans(new StatusUseCase.StatusQuery(now));
            var out = spec.commandLine().getOut();
            if (json.json) {
                List<Object> rows = new ArrayList<>();
                for (ActiveBan b : bans) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ip", b.offender().toString());
                    m.put("strike", b.strike());
                    m.put("jail", b.jail().value());
                    m.put("service", b.service() == null ? null : b.service().id());
                    m.put("banned_at", b.bannedAt());
                    m.put("expires_at", b.expiresAt());
                    m.put("permanent", b.expiresAt() == null);
                    m.put("offenses", b.offenses());
                    m.put("offenses_total", b.offensesTotal());
                    rows.add(m);
                }
                out.println(Json.write(rows));
                return 0;
            }
            if (bans.isEmpty()) {
                out.println("No active bans.");
                return 0;
            }
            ZoneId zone = ZoneId.systemDefault();
            Table t = new Table("ADDRESS", "STRIKE", "JAIL", "BANNED", "EXPIRES", "LEFT", "OFFENSES", "TOTAL");
            for (ActiveBan b : bans) {
                t.row(b.offender(), b.strike(), b.jail(), Times.local(b.bannedAt(), zone),
                        b.expiresAt() == null ? "never" : Times.local(b.expiresAt(), zone),
                        b.expiresAt() == null ? "permanent" : Times.left(java.time.Duration.between(now, b.expiresAt())),
                        b.offenses(), b.offensesTotal());
            }
            t.print(out);
            out.println(bans.size() + " active ban" + (bans.size() == 1 ? "" : "s") + ".");
            return 0;
        }
    }
}
