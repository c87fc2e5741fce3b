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
 * down, where known (null otherwise).
 */
public record SummaryReport(SummaryRequest request, BanSummary figures, List<DayStat> perDay,
                            boolean fail2banRunning, boolean daemonRunning, List<SparedSubnet> spared,
                            SummaryLists lists, Instant fail2banDownSince, Instant daemonLastSeen) {
    public SummaryReport {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(figures, "figures");
        perDay = List.copyOf(perDay);
        spared = List.copyOf(spared);
        lists = lists == null ? SummaryLists.NONE : lists;
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

    public boolean enforcing() {
        return fail2banRunning && daemonRunning;
    }
}
