package org.saslfail.core.testing;

import java.time.Instant;
import org.saslfail.core.policy.CountingWindow;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.ListedBan;
import org.saslfail.core.report.DayStat;

/**
 * A {@link SummaryQueryPort} that answers with set figures for any interval and a set count
 * per day (days without one count zero); it records the intervals it was asked for.
 */
public final class FixedSummaryQuery implements SummaryQueryPort {
    private BanSummary figures;
    private Map<LocalDate, Long> perDay = Map.of();
    private List<SparedSubnet> spared = List.of();
    private final List<Instant[]> asked = new ArrayList<>();

    public FixedSummaryQuery answer(BanSummary summary, Map<LocalDate, Long> bansPerDay) {
        this.figures = summary;
        this.perDay = Map.copyOf(bansPerDay);
        return this;
    }

    @Override
    public synchronized BanSummary summarize(Instant from, Instant to, CountingWindow counting, int listLimit) {
        asked.add(new Instant[] {from, to});
        if (figures == null) {
            return new BanSummary(from, to, 0, Map.of(), Map.of(), 0, Map.of(), List.of(), List.of(), List.of(), List.of());
        }
        return new BanSummary(from, to, figures.newBans(), figures.newBansByStrike(), figures.newBansByService(),
                figures.uniqueAddresses(), figures.activeBansByStrike(), figures.repeatBans(), figures.subnetBans(),
                figures.liftedBans(), figures.topOffenders());
    }

    /** Answers {@link #sparedSubnets} with these, whatever the interval. */
    public synchronized FixedSummaryQuery answerSpared(List<SparedSubnet> subnets) {
        this.spared = List.copyOf(subnets);
        return this;
    }

    @Override
    public synchronized BanPage newBans(Instant from, Instant to, int minStrike, int maxStrike, boolean knownUsersOnly,
                                        int limit) {
        List<ListedBan> all = figures == null ? List.of() : figures.repeatBans().stream()
                .filter(o -> o.strike() >= minStrike && o.strike() <= maxStrike && (!knownUsersOnly || o.knownUser()))
                .map(o -> new ListedBan(o, List.of())).toList();
        return new BanPage(all.stream().limit(limit).toList(), all.size());
    }

    /** Names no running ban, but counts them as the figures do (so a summary says "and N more"). */
    @Override
    public synchronized BanPage activeBans(Instant at, int strike, int limit) {
        return new BanPage(List.of(), figures == null ? 0 : figures.activeBansByStrike().getOrDefault(strike, 0L));
    }

    @Override
    public synchronized List<SparedSubnet> sparedSubnets(Instant from, Instant to, int limit) {
        return spared.stream().limit(limit).toList();
    }

    @Override
    public synchronized List<DayStat> perDay(LocalDate first, LocalDate last, ZoneId zone) {
        List<DayStat> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            long n = perDay.getOrDefault(d, 0L);
            days.add(new DayStat(d, n, n == 0 ? Map.of() : Map.of(1, n), n));
        }
        return days;
    }

    public synchronized List<Instant[]> asked() {
        return List.copyOf(asked);
    }
}
