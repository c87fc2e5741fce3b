package org.saslfail.cli.command;

import org.saslfail.cli.AddressArgument;
import org.saslfail.cli.UsageException;
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
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.in.HistoryUseCase;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
            "List recorded ban events, newest first.",
            "Bans are listed with the strike they earned or why they earned none, with restores and unbans. This is the raw record: every event is listed, also those older than forget_after that no longer count (see 'show' and 'report by-ip' for what counts now)."})
public final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    @Option(names = "--since", paramLabel = "TIME", description = "Only events at or after TIME (2026-03-01, 2026-03-01T10:00, ISO instant, or 7d ago).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events before TIME (same forms as --since).")
    String until;

    @Option(names = "--ip", paramLabel = "ADDRESS[/LEN]", description = "Only events of this address or network.")
    String ip;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N events (default ${DEFAULT-VALUE}).")
    int limit;

    private final Clock clock;

    @Inject
    ListCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        ZoneId zone = ZoneId.systemDefault();
        Instant now = clock.instant();
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
        Instant from = since == null ? null : Times.parse("--since", since, zone, now);
        Instant to = until == null ? null : Times.parse("--until", until, zone, now);
        IpPrefix within = ip == null ? null : AddressArgument.parse("--ip", ip);
        try (App app = App.open(common, clock).requireExistingStore()) {
            List<HistoryEntry> entries = app.get(HistoryUseCase.class).history(new HistoryQuery(from, to, within, limit));
            var out = spec.commandLine().getOut();
            if (json.json) {
                List<Object> rows = new ArrayList<>();
                for (HistoryEntry e : entries) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", e.at());
                    m.put("ip", e.ip().toString());
                    m.put("offender", e.offender().toString());
                    m.put("action", e.action());
                    m.put("result", e.result());
                    m.put("strike", e.strike() == 0 ? null : e.strike());
                    m.put("jail", e.jail().value());
                    rows.add(m);
                }
                out.println(Json.write(rows));
                return 0;
            }
            if (entries.isEmpty()) {
                out.println("No events match.");
                return 0;
            }
            Table t = new Table("TIME", "ADDRESS", "ACTION", "RESULT", "STRIKE", "JAIL");
            for (HistoryEntry e : entries) {
                t.row(Times.local(e.at(), zone), e.ip(), e.action(), e.result(), e.strike() == 0 ? "-" : e.strike(), e.jail());
            }
            t.print(out);
            return 0;
        }
    }
}
