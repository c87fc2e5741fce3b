package org.saslfail.cli.command;

import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.UsageException;
import org.saslfail.cli.output.BlacklistFormat;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.RepeatOffendersUseCase;
import org.saslfail.core.port.in.RepeatOffendersUseCase.RepeatOffendersQuery;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.fail2ban.config.Fail2banConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "blacklist", mixinStandardHelpOptions = true,
        description = {
            "List repeat offenders for a permanent firewall list.",
            "An offender is listed with at least THRESHOLD offenses of strike MIN-STRIKE or higher that still count (younger than forget_after). Under history = per-service both services' offenses count together, as the list blocks every service.",
            "nft and ipset output load again and again without errors and say in a comment how to drop the offenders' traffic with the sets (named NAME_v4 and NAME_v6 in both); --out writes atomically, so a cron job never leaves a half-written list. An empty list is said on standard error. Examples:",
            "  saslfail blacklist --format nft --out /etc/nftables.d/saslfail.nft",
            "  saslfail blacklist --format ipset | ipset restore"})
public final class BlacklistCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Option(names = "--threshold", paramLabel = "N", defaultValue = "2", description = "Offenses needed (default ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--min-strike", paramLabel = "K", defaultValue = "3", description = "Count offenses of strike K or higher (default ${DEFAULT-VALUE}).")
    int minStrike;

    @Option(names = "--since", paramLabel = "TIME", description = {
        "Count offenses at or after TIME only: " + Times.FORMS + ".",
        "Default: the offenses that still count, younger than forget_after: an offender whose history has decayed is no repeat offender. Give an old date (--since 1970-01-01) to list forgotten offenses too."})
    String since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "plain", description = "plain, csv, md, nft, ipset or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--json", description = "The same as --format json (the JSON schema of every command).")
    boolean json;

    @Option(names = "--set", paramLabel = "NAME", defaultValue = "saslfail_blacklist",
            description = "nft table name, and the prefix of the set names NAME_v4 and NAME_v6 (nft and ipset; default ${DEFAULT-VALUE}).")
    String setName;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE atomically instead of standard output.")
    Path out;

    private final Clock clock;

    @Inject
    BlacklistCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        BlacklistFormat fmt = BlacklistFormat.parse(format);
        if (json) {
            if (fmt != BlacklistFormat.PLAIN && fmt != BlacklistFormat.JSON) {
                throw new UsageException("--json and --format " + format + " do not go together");
            }
            fmt = BlacklistFormat.JSON;
        }
        if (threshold < 1) {
            throw new UsageException("--threshold must be at least 1, got " + threshold);
        }
        if (minStrike < 1) {
            throw new UsageException("--min-strike must be at least 1, got " + minStrike);
        }
        if (!setName.matches("[A-Za-z][A-Za-z0-9_]{0,24}")) {
            throw new UsageException("--set: use letters, digits and '_', starting with a letter, at most 25 characters");
        }
        Instant now = clock.instant();
        Instant from = since == null ? null : Times.parse("--since", since, ZoneId.systemDefault(), now);
        try (App app = App.open(common, clock).requireExistingStore()) {
            EscalationPolicy policy = app.get(EscalationPolicy.class);
            List<OffenderStat> stats = BlacklistFormat.withoutCovered(app.get(RepeatOffendersUseCase.class)
                    .repeatOffenders(new RepeatOffendersQuery(minStrike, threshold, from, now)));
            Map<String, Object> criteria = new LinkedHashMap<>();
            criteria.put("threshold", threshold);
            criteria.put("min_strike", minStrike);
            criteria.put("since", from);
            criteria.put("forget_after_seconds", from != null ? null : JsonSchema.seconds(policy.forgetAfter()));
            String text = fmt.render(stats, setName, criteria);
            if (stats.isEmpty()) {
                spec.commandLine().getErr().println("No repeat offenders: no offender has " + threshold + " or more offenses of strike "
                        + minStrike + " or higher " + (from == null ? "that still count" : "since " + since)
                        + " (see --threshold, --min-strike, --since).");
            }
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                Path dir = out.toAbsolutePath().getParent();
                if (dir == null || !Files.isDirectory(dir)) {
                    throw new UsageException("--out: directory " + dir + " does not exist");
                }
                // the project's one atomic write: temp file beside the target, then rename
                Fail2banConfig.writeAtomically(out.toAbsolutePath(), text.getBytes(StandardCharsets.UTF_8), "rw-r--r--");
                spec.commandLine().getErr().println("Wrote " + stats.size() + " offenders to " + out);
            }
            return 0;
        }
    }

}
