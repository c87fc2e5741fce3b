package org.saslfail.core.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the store keeps an offender's records (IP addresses are personal data). A record is
 * pruned once it is older than the retention and no longer matters: offenses that still count
 * (younger than forget_after) and bans still running are always kept, whatever the retention says.
 * The all-time totals the reports print are kept as counters and survive the prune.
 *
 * @param keep      the configured retention
 * @param forgetAfter the policy's forget_after: nothing younger is ever pruned
 */
public record Retention(Duration keep, Duration forgetAfter) {
    /** The default retention is forget_after plus this margin. */
    public static final Duration DEFAULT_MARGIN = Duration.ofDays(30);
    /** Rows deleted per transaction: a prune never holds the store for long. */
    public static final int BATCH = 500;

    public Retention {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + keep);
        }
    }

    /** Records that began before this instant may go (unless their ban still runs at {@code now}). */
    public Instant cutoff(Instant now) {
        return now.minus(keep.compareTo(forgetAfter) >= 0 ? keep : forgetAfter);
    }
}
