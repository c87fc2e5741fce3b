package org.saslfail.core.report;

/**
 * How many rows a listing's limit left out: exactly {@code count}, or, when counting them all would
 * cost more than the listing itself (a fleet's millions of events), more than {@code count}.
 * Never a guessed exact number.
 */
public record LeftOut(long count, boolean exact) {
    /** Where listings stop counting what they leave out: a count this far answers in milliseconds. */
    public static final long COUNT_CAP = 10_000;

    public static final LeftOut NONE = new LeftOut(0, true);

    public LeftOut {
        if (count < 0) {
            throw new IllegalArgumentException("rows left out cannot be negative, got " + count);
        }
    }

    /**
     * What was left out of a listing that showed {@code shown} rows, from {@code counted}: the
     * matching rows counted no further than {@link #countUpTo(long)} of {@code shown}.
     */
    public static LeftOut of(long shown, long counted) {
        long more = Math.max(0, counted - shown);
        return more > COUNT_CAP ? new LeftOut(COUNT_CAP, false) : new LeftOut(more, true);
    }

    /** How far to count the matching rows of a listing that showed {@code shown}: one past the cap. */
    public static long countUpTo(long shown) {
        return shown + COUNT_CAP + 1;
    }

    public static LeftOut exactly(long count) {
        return new LeftOut(count, true);
    }

    /** Whether anything was left out. */
    public boolean any() {
        return count > 0 || !exact;
    }
}
