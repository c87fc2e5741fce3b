package org.saslfail.core.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.DayStat;

/**
 * Everything a daily or weekly summary shows: the period, the store's figures, bans per day for
 * the chart (oldest first), and whether fail2ban and the saslfail daemon were running when it
 * was made (if either was not, nothing is being enforced and the summary says so loudly), and
 * the subnets that reached the subnet threshold in the period but were spared because they hold
 * an ignored address. {@code fail2banDownSince} and {@code daemonLastSeen} say since when a part is
 * down, where known (null otherwise). {@code healthKnown} is false for a summary printed of a past
 * period or of another store: the health of the machine that prints it says nothing about that, so
 * such a summary states none (its running flags are then meaningless).
 */
public record SummaryReport(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                            boolean fail2banRunning, boolean daemonRunning, List<SparedSubnet> spared,
                            SummaryLists lists, Instant fail2banDownSince, Instant daemonLastSeen,
                            boolean healthKnown) {
    public SummaryReport {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(figures, "figures");
        perDay = List.copyOf(perDay);
        spared = List.copyOf(spared);
        lists = lists == null ? SummaryLists.NONE : lists;
    }

    /** The summary of the live store, with the health of fail2ban and the daemon and since when a part is down. */
    public SummaryReport(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                         boolean fail2banRunning, boolean daemonRunning, List<SparedSubnet> spared, SummaryLists lists,
                         Instant fail2banDownSince, Instant daemonLastSeen) {
        this(request, figures, perDay, fail2banRunning, daemonRunning, spared, lists, fail2banDownSince, daemonLastSeen,
                true);
    }

    /** A report that does not know since when anything is down. */
    public SummaryReport(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                         boolean fail2banRunning, boolean daemonRunning, List<SparedSubnet> spared, SummaryLists lists) {
        this(request, figures, perDay, fail2banRunning, daemonRunning, spared, lists, null, null);
    }

    /** A report that names no bans. */
    public SummaryReport(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                         boolean fail2banRunning, boolean daemonRunning, List<SparedSubnet> spared) {
        this(request, figures, perDay, fail2banRunning, daemonRunning, spared, SummaryLists.NONE);
    }

    /** A report without spared subnets. */
    public SummaryReport(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                         boolean fail2banRunning, boolean daemonRunning) {
        this(request, figures, perDay, fail2banRunning, daemonRunning, List.of());
    }

    /** A summary that states no health: of a past period, or of another store than this machine's. */
    public static SummaryReport withoutHealth(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                                              List<SparedSubnet> spared) {
        return withoutHealth(request, figures, perDay, spared, SummaryLists.NONE);
    }

    /** As {@link #withoutHealth(SummaryRequest, BanSummary, List, List)}, naming the bans. */
    public static SummaryReport withoutHealth(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                                              List<SparedSubnet> spared, SummaryLists lists) {
        return new SummaryReport(request, figures, perDay, false, false, spared, lists, null, null, false);
    }

    public boolean enforcing() {
        return fail2banRunning && daemonRunning;
    }

    /** Whether the summary must warn that bans are not being enforced: only when it knows. */
    public boolean warnNotEnforcing() {
        return healthKnown && !enforcing();
    }
}
