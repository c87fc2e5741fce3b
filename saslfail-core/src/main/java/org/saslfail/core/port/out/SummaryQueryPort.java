package org.saslfail.core.port.out;

import java.time.Instant;
import org.saslfail.core.policy.CountingWindow;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.DayStat;

/** The store's read side for daily and weekly summaries; each method is a few indexed queries. */
public interface SummaryQueryPort {

    /**
     * Figures of [from, to); lists capped at {@code listLimit} entries each. The top offenders are
     * the period's offenders ranked by their offenses that fall in {@code counting} (forgotten ones
     * do not make anyone a repeat offender).
     */
    BanSummary summarize(Instant from, Instant to, CountingWindow counting, int listLimit);

    /** Offenses per local day in {@code zone}, oldest first, one entry for every day (zero days included). */
    List<DayStat> perDay(LocalDate first, LocalDate last, ZoneId zone);

    /**
     * Subnets spared in [from, to) (recorded by {@code RecordOutcomePort.recordSpared}), one per
     * subnet and ignore entry: its earliest and latest time in the interval's records and the
     * largest offender count; oldest first, at most {@code limit}.
     */
    List<SparedSubnet> sparedSubnets(Instant from, Instant to, int limit);

    /**
     * The offenses begun in [from, to) with a strike from {@code minStrike} to {@code maxStrike}
     * (and only known users' when {@code knownUsersOnly}), oldest first, at most {@code limit},
     * with the names tried and how many there are in all.
     */
    BanPage newBans(Instant from, Instant to, int minStrike, int maxStrike, boolean knownUsersOnly, int limit);

    /** The bans running at {@code at} of exactly {@code strike}, newest first, at most {@code limit}, and how many run. */
    BanPage activeBans(Instant at, int strike, int limit);
}
