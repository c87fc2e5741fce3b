package org.saslfail.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.Offense;

/**
 * What the store knows about an interval [from, to): new bans (offenses) by strike and by
 * service id, the distinct addresses banned, bans active at {@code to} by strike, the new bans
 * of strike 2 or more (strike descending, then oldest first), the new subnet bans, the bans
 * lifted early, and the offenders with the most offenses overall (only those banned in the
 * interval). Lists may be capped by the query; the counts are not.
 */
public record BanSummary(Instant from, Instant to, long newBans, Map<Integer, Long> newBansByStrike,
                         Map<String, Long> newBansByService, long uniqueAddresses,
                         Map<Integer, Long> activeBansByStrike, List<Offense> repeatBans,
                         List<Offense> subnetBans, List<Offense> liftedBans, List<OffenderStat> topOffenders) {
    public BanSummary {
        newBansByStrike = Map.copyOf(newBansByStrike);
        newBansByService = Map.copyOf(newBansByService);
        activeBansByStrike = Map.copyOf(activeBansByStrike);
        repeatBans = List.copyOf(repeatBans);
        subnetBans = List.copyOf(subnetBans);
        liftedBans = List.copyOf(liftedBans);
        topOffenders = List.copyOf(topOffenders);
    }

    /** Bans active at {@code to}, all strikes. */
    public long activeBans() {
        return activeBansByStrike.values().stream().mapToLong(Long::longValue).sum();
    }
}
