package org.saslfail.cli.command;

import org.saslfail.cli.output.Limits;
import org.saslfail.cli.output.JsonSchema;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.in.HistoryUseCase;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.LeftOut;
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

    @Option(names = "--since", paramLabel = "TIME", description = "Only events at or after TIME: " + Times.FORMS + ".")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events before TIME (same forms as --since).")
    String until;

    @Option(names = "--ip", paramLabel = "ADDRESS[/LEN]", description = "Only events of this address or network.")
    String ip;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events, newest first (default: 100 on a terminal,"
            + " all when the output is a pipe or file; a footer on standard error says how many were left out).")
    Integer limit;

    private final Clock clock;

    @Inject
    ListCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        ZoneId zone = ZoneId.systemDefault();
        Instant now = clock.instant();
        int max = Limits.resolve(limit, 100);
        Instant from = since == null ? null : Times.parse("--since", since, zone, now);
        Instant to = until == null ? null : Times.parse("--until", until, zone, now);
        IpPrefix within = ip == null ? null : AddressArgument.parse("--ip", ip);
        try (App app = App.open(common, clock).requireExistingStore()) {
            HistoryUseCase.History listed = app.get(HistoryUseCase.class).history(new HistoryQuery(from, to, within, max));
            List<HistoryEntry> entries = listed.entries();
            LeftOut leftOut = listed.leftOut();
            var out = spec.commandLine().getOut();
            if (json.json) {
                Map<String, Object> doc = JsonSchema.document("list");
                doc.put("events", entries.stream().map(JsonSchema::event).toList());
                Limits.json(doc, leftOut);
                out.println(Json.write(doc));
                Limits.footer(spec.commandLine().getErr(), leftOut);
                return 0;
            }
            if (entries.isEmpty()) {
                out.println("No events match.");
                return 0;
            }
            Table t = new Table(Times.heading("TIME", zone), "ADDRESS", "ACTION", "RESULT", "STRIKE", "JAIL");
            for (HistoryEntry e : entries) {
                t.row(Times.local(e.at(), zone), JsonSchema.isSubnetEvent(e) ? e.offender() : e.ip(), e.action(), e.result(),
                        e.strike() == 0 ? "-" : e.strike(), e.jail());
            }
            t.print(out);
            Limits.footer(spec.commandLine().getErr(), leftOut);
            return 0;
        }
    }
}
