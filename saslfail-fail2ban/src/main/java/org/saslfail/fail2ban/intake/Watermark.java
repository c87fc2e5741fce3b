package org.saslfail.fail2ban.intake;

/**
 * How far the intake has read fail2ban's {@code bans} table: the highest rowid and the
 * highest {@code timeofban} (epoch seconds) it has handed on. Both are needed because SQLite
 * reuses the highest rowid after that row is deleted (fail2ban deletes a ban's row on unban).
 */
public record Watermark(long rowId, long timeOfBan) {
    /** Nothing read yet: the first pass reads the whole table. */
    public static final Watermark START = new Watermark(0, 0);

    public Watermark {
        if (rowId < 0 || timeOfBan < 0) {
            throw new IllegalArgumentException("watermark must not be negative: " + rowId + " " + timeOfBan);
        }
    }

    Watermark max(long row, long time) {
        return new Watermark(Math.max(rowId, row), Math.max(timeOfBan, time));
    }
}
