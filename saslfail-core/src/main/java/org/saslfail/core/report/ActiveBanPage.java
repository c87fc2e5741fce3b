package org.saslfail.core.report;

import java.util.List;

/**
 * The first running bans in status order (highest strike first, then newest), and how many bans run
 * in all: {@code saslfail status} on a terminal shows a page of a fleet's 40,000 running bans.
 */
public record ActiveBanPage(List<ActiveBan> bans, int total) {

    public ActiveBanPage {
        bans = List.copyOf(bans);
        if (total < bans.size()) {
            throw new IllegalArgumentException("a page of " + bans.size() + " bans from a list of " + total);
        }
    }

    /** How many running bans the page leaves out. */
    public int more() {
        return total - bans.size();
    }
}
