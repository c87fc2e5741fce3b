package org.saslfail.examples;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.OffenderUseCase;
import org.saslfail.core.port.in.OffenderUseCase.OffenderQuery;
import org.saslfail.core.port.in.OffenderUseCase.OffenderRecord;
import org.saslfail.core.port.in.StatusUseCase;
import org.saslfail.core.port.in.StatusUseCase.StatusQuery;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.service.ReportService;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * A tool that reads what saslfail knows, through the same query use cases the {@code status}
 * and {@code show} commands use: the bans running now, and one offender's record and standing
 * (what its next offense would bring).
 *
 * <pre>java -cp … org.saslfail.examples.ReportsExample /var/lib/saslfail/saslfail.db 203.0.113.9</pre>
 */
public final class ReportsExample {

    private ReportsExample() {
    }

    /** The lines this tool prints for the store at {@code database}, at {@code now}. */
    public static List<String> report(Path database, Settings settings, IpPrefix offender, Instant now) {
        List<String> lines = new ArrayList<>();
        try (OffenseStore store = OffenseStores.open(database.toString())) {
            EscalationPolicy policy = settings.policy(List.of());
            ReportService reports = new ReportService(policy, settings.services(), store);
            StatusUseCase status = reports;
            OffenderUseCase offenders = reports;
            for (ActiveBan b : status.activeBans(new StatusQuery(now)).bans()) {
                lines.add("banned " + b.offender() + " at strike " + b.strike() + " in " + b.jail() + " until "
                        + (b.expiresAt() == null ? "forever" : b.expiresAt()) + " (" + b.offenses() + " offenses)");
            }
            OffenderRecord r = offenders.offender(new OffenderQuery(offender, now));
            lines.add(r.offender() + ": " + r.offenses().size() + " offenses, "
                    + (r.active() == null ? "not banned" : "banned at strike " + r.active().strike()));
            r.standing().forEach(s -> lines.add("  next offense: strike " + s.nextStrike()
                    + (s.nextBan() == null ? ", permanent" : ", " + s.nextBan().toDays() + " days")));
        }
        return lines;
    }

    public static void main(String[] args) {
        report(Path.of(args[0]), Settings.defaults(), IpPrefix.parse(args[1]), Instant.now()).forEach(System.out::println);
    }
}
