package org.saslfail.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.ActiveBanPage;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;

/** The read side of the store behind every report; each method is a few indexed queries. */
public interface ReportQueryPort {

    /**
     * Bans running at {@code at}, one per offender (its latest), highest strike first, then newest;
     * {@code offenses} and {@code offensesTotal} of each are every offense of the offender on record.
     */
    List<ActiveBan> activeBans(Instant at);

    /**
     * Bans running at {@code at} as {@link #activeBans(Instant)}, where {@code offenses} of each
     * counts only the offenses that still count for the offender's next decision, as the
     * {@link org.saslfail.core.policy.Escalator} counts them: begun after {@code at - forgetAfter}
     * and not after {@code at}, and under {@link HistoryMode#PER_SERVICE} only those of the ban's
     * service. {@code offensesTotal} stays the count of every offense on record.
     */
    default List<ActiveBan> activeBans(Instant at, Duration forgetAfter, HistoryMode history) {
        return activeBans(at, forgetAfter, history, Integer.MAX_VALUE).bans();
    }

    /**
     * The first {@code limit} of {@link #activeBans(Instant, Duration, HistoryMode)}, and how many run
     * in all; the offenses are counted for the listed bans only.
     */
    ActiveBanPage activeBans(Instant at, Duration forgetAfter, HistoryMode history, int limit);

    /** Recorded events matching the query, newest first. */
    List<HistoryEntry> history(HistoryQuery query);

    /**
     * How many recorded events match the query, whatever its limit, counting no further than
     * {@code atMost}: the smaller of the two, so that a listing can say what it left out without
     * counting a fleet's millions of events.
     */
    long countHistory(HistoryQuery query, long atMost);

    /** How many offenders have an offense on record: everything {@link #byOffender} could list. */
    long countOffenders();

    /** Every offense of offenders inside {@code prefix} (or equal to it), oldest first. */
    List<Offense> offensesWithin(IpPrefix prefix);

    /** Every offense whose offender contains {@code prefix} (a subnet or /64 covering an address), oldest first. */
    List<Offense> offensesCovering(IpPrefix prefix);

    /** Totals over the history; "last 24 h" ends at {@code now}. */
    Summary summary(Instant now);

    /** Offenders with the most offenses first. */
    List<OffenderStat> byOffender(int limit);

    /**
     * Repeat offenders for blacklists: offenders with at least {@code threshold} offenses of
     * strike {@code minStrike} or higher that began at or after {@code since}; in address order.
     * {@code offenses} and {@code maxStrike} of each stat count only those offenses.
     */
    List<OffenderStat> repeatOffenders(int minStrike, int threshold, Instant since);

    /** Offenses per calendar day in {@code zone}, newest day first, at most {@code days} days. */
    List<DayStat> byDay(ZoneId zone, int days);

    /**
     * The offenses of exactly these offenders that began after {@code after}, oldest first: what
     * a report needs to judge each offender's standing with {@code Escalator#standing}.
     */
    List<Offense> offensesOf(Collection<IpPrefix> offenders, Instant after);

    /**
     * Repeat offenders for blacklists, counting only offenses that {@code window} counts (see
     * {@link CountingWindow}): offenders with at least {@code threshold} such offenses of strike
     * {@code minStrike} or higher; in address order. {@code offenses} and {@code maxStrike} of
     * each stat count only those offenses.
     */
    List<OffenderStat> repeatOffenders(int minStrike, int threshold, CountingWindow window);
}
