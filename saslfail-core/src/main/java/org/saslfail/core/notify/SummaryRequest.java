package org.saslfail.core.notify;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The local days a summary covers and the instants that bound them: from the first day's
 * local midnight (inclusive) to the midnight after the last day (exclusive), so a day with a
 * daylight-saving change is 23 or 25 hours long.
 */
public record SummaryRequest(Message.Kind kind, LocalDate firstDay, LocalDate lastDay, ZoneId zone) {

    public SummaryRequest {
        if (kind == Message.Kind.ALERT) {
            throw new IllegalArgumentException("an alert is not a summary");
        }
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("summary ends before it starts: " + firstDay + " > " + lastDay);
        }
    }

    /** The summary of one local day. */
    public static SummaryRequest daily(LocalDate day, ZoneId zone) {
        return new SummaryRequest(Message.Kind.DAILY_SUMMARY, day, day, zone);
    }

    /** The Monday-to-Sunday week that contains {@code anyDay}. */
    public static SummaryRequest weekly(LocalDate anyDay, ZoneId zone) {
        LocalDate monday = anyDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return new SummaryRequest(Message.Kind.WEEKLY_SUMMARY, monday, monday.plusDays(6), zone);
    }

    public Instant from() {
        return firstDay.atStartOfDay(zone).toInstant();
    }

    public Instant to() {
        return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The outbox key of the scheduled summary: one per period, so a restart never mails it twice. */
    public String key() {
        return (kind == Message.Kind.DAILY_SUMMARY ? "daily-" : "weekly-") + firstDay;
    }
}
