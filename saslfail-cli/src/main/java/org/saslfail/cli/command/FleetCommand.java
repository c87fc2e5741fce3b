package org.saslfail.cli.command;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.output.Table;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import org.saslfail.core.port.in.FleetStatusUseCase;
import org.saslfail.core.port.in.FleetStatusUseCase.FleetStatus;
import org.saslfail.core.port.in.FleetStatusUseCase.NodeStatus;
import org.saslfail.fail2ban.daemon.Daemon;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "fleet", mixinStandardHelpOptions = true, description = "Watch the mail servers that share one store.",
        subcommands = FleetCommand.Status.class)
public final class FleetCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: status");
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {
            "Show the fleet's nodes: heartbeat, lag in applying decisions, pending jail commands.",
            "APPLIED is the newest decision a node has seen, BEHIND counts the decisions committed after the newest one the node has seen; WAITING is how long the oldest of them has waited."})
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;
        @Mixin JsonOption json;

        private final Clock clock;

        @Inject
        Status(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            ZoneId zone = ZoneId.systemDefault();
            try (App app = App.open(common, clock).requireExistingStore()) {
                FleetStatus s = app.get(FleetStatusUseCase.class)
                        .status(new FleetStatusUseCase.FleetStatusQuery(clock.instant(), Daemon.HEARTBEAT_FRESH));
                var out = spec.commandLine().getOut();
                if (json.json) {
                    Map<String, Object> doc = JsonSchema.document("fleet status");
                    doc.put("at", s.at());
                    doc.put("newest_decision", s.newest());
                    doc.put("nodes", s.nodes().stream().map(Status::node).toList());
                    out.println(Json.write(doc));
                    return 0;
                }
                if (s.nodes().isEmpty()) {
                    out.println("No fleet node has written to this store yet (set fleet.node and start the daemon).");
                    return 0;
                }
                Table t = new Table("NODE", "DAEMON", Times.heading("LAST HEARTBEAT", zone), "APPLIED", "BEHIND", "WAITING",
                        "PENDING");
                for (NodeStatus n : s.nodes()) {
                    t.row(n.node(), n.heartbeat().isEmpty() ? "never seen" : n.alive() ? "running" : "silent",
                            n.heartbeat().map(h -> Times.local(h.beat(), zone)).orElse("-"),
                            n.appliedAt().isPresent() ? "#" + n.appliedId() : "-",
                            n.appliedAt().isPresent() ? n.behind() : "-",
                            n.lag().map(Times::left).orElse("-"),
                            n.heartbeat().map(h -> String.valueOf(h.pending())).orElse("-"));
                }
                t.print(out);
                out.println(s.nodes().size() + " node" + (s.nodes().size() == 1 ? "" : "s") + "; newest decision #"
                        + s.newest() + ".");
                return 0;
            }
        }

        private static Map<String, Object> node(NodeStatus n) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", n.node());
            m.put("daemon_running", n.alive());
            m.put("heartbeat_at", n.heartbeat().map(h -> (Object) h.beat()).orElse(null));
            m.put("applied_decision", n.appliedAt().isPresent() ? n.appliedId() : null);
            m.put("applied_at", n.appliedAt().orElse(null));
            m.put("decisions_behind", n.appliedAt().isPresent() ? n.behind() : null);
            m.put("lag_seconds", n.lag().map(d -> (Object) d.getSeconds()).orElse(null));
            m.put("pending_jail_commands", n.heartbeat().map(h -> (Object) h.pending()).orElse(null));
            return m;
        }
    }
}
