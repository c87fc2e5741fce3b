package org.saslfail.core.report;

import java.util.List;

/** The first bans of a list, and how many the whole list holds (a summary says "and N more"). */
public record BanPage(List<ListedBan> bans, long total) {
    public static final BanPage EMPTY = new BanPage(List.of(), 0);

    public BanPage {
        bans = List.copyOf(bans);
        if (total < bans.size()) {
            throw new IllegalArgumentException("a page of " + bans.size() + " bans from a list of " + total);
        }
    }

    /** How many bans the page leaves out. */
    public long more() {
        return total - bans.size();
    }
}
