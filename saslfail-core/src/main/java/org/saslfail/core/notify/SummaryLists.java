package org.saslfail.core.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.BanSummary;

/**
 * The bans a summary names, each list cut at {@code limit}: the daily summary lists the day's new
 * bans per strike and the bans active at its end per strike; both list the period's bans of known
 * users' addresses; the weekly summary lists the week's strike-2+ bans.
 */
public record SummaryLists(int limit, List<StrikePage> newByStrike, List<StrikePage> activeByStrike, BanPage repeatBans,
                           BanPage knownUserBans) {
    /** Default of {@code notify.list_limit}. */
    public static final int DEFAULT_LIMIT = 100;

    /** One strike's list. */
    public record StrikePage(int strike, BanPage page) {
        public StrikePage {
            Objects.requireNonNull(page, "page");
        }
    }

    public static final SummaryLists NONE = new SummaryLists(DEFAULT_LIMIT, List.of(), List.of(), BanPage.EMPTY, BanPage.EMPTY);

    public SummaryLists {
        newByStrike = List.copyOf(newByStrike);
        activeByStrike = List.copyOf(activeByStrike);
        Objects.requireNonNull(repeatBans, "repeatBans");
        Objects.requireNonNull(knownUserBans, "knownUserBans");
        if (limit < 1) {
            throw new IllegalArgumentException("a list limit must be at least 1, got " + limit);
        }
    }

    /** The lists {@code request} shows, for strikes {@code figures} counted; a few indexed queries per strike. */
    public static SummaryLists of(SummaryRequest request, BanSummary figures, SummaryQueryPort query, int limit) {
        BanPage known = query.newBans(request.from(), request.to(), 1, Integer.MAX_VALUE, true, limit);
        if (request.kind() == Message.Kind.WEEKLY_SUMMARY) {
            return new SummaryLists(limit, List.of(), List.of(),
                    query.newBans(request.from(), request.to(), 2, Integer.MAX_VALUE, false, limit), known);
        }
        List<StrikePage> fresh = new ArrayList<>();
        figures.newBansByStrike().keySet().stream().sorted().forEach(k ->
                fresh.add(new StrikePage(k, query.newBans(request.from(), request.to(), k, k, false, limit))));
        List<StrikePage> active = new ArrayList<>();
        figures.activeBansByStrike().keySet().stream().sorted().forEach(k ->
                active.add(new StrikePage(k, query.activeBans(request.to(), k, limit))));
        return new SummaryLists(limit, fresh, active, BanPage.EMPTY, known);
    }
}
