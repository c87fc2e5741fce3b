package org.saslfail.cli.output;

import org.saslfail.cli.UsageException;
import java.time.DateTimeException;
import java.time.Duration;
import org.saslfail.core.model.Durations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.Texts;

/**
 * How the CLI reads and prints times: tables in this machine's time zone under headings that name
 * it, JSON in ISO-8601 UTC; time arguments as {@link #FORMS} says.
 */
public final class Times {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {
    }

    /** A rough remaining time for people: {@code 7d 23h}, {@code 5h 02m}, {@code 42s}. */
    public static String left(Duration d) {
        return Durations.left(d);
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in {@code zone}; by hand, as status prints tens of thousands of them at a cold start. */
    public static String local(Instant t, ZoneId zone) {
        if (t == null) {
            return "-";
        }
        LocalDateTime d = LocalDateTime.ofInstant(t, zone);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return LOCAL.format(d);
        }
        return d.getYear() + "-" + twoDigits(d.getMonthValue()) + "-" + twoDigits(d.getDayOfMonth()) + " "
                + twoDigits(d.getHour()) + ":" + twoDigits(d.getMinute()) + ":" + twoDigits(d.getSecond());
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /**
     * How a time argument is read, for the help of every option that takes one (picocli needs a
     * constant).
     */
    public static final String FORMS = "2026-03-01 (midnight starting that day in this machine's time zone, TZ),"
            + " 2026-03-01T10:00 (this machine's time zone), 2026-03-01T10:00:00Z or +02:00 (that instant),"
            + " or a duration before now: 7d, '7d ago', 24h";

    /** The zone's name for table headings: {@code UTC} for every spelling of UTC, else its id. */
    public static String zoneName(ZoneId zone) {
        ZoneId z = zone.normalized();
        return z.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** A time column's heading naming the zone its times are in: {@code BANNED (UTC)}. */
    public static String heading(String name, ZoneId zone) {
        return name + " (" + zoneName(zone) + ")";
    }

    /**
     * Reads a time argument: {@code 2026-03-01} (local midnight), {@code 2026-03-01T10:00[:00]}
     * (local), an ISO-8601 instant with {@code Z} or an offset, or a duration meaning that long ago
     * ({@code 24h}, {@code 7d}, {@code 7d ago}).
     */
    public static Instant parse(String option, String text, ZoneId zone, Instant now) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?")) {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            }
            if (text.contains("T")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            String ago = text.strip();
            if (ago.endsWith(" ago")) {
                ago = ago.substring(0, ago.length() - " ago".length()).strip();
            }
            return now.minus(Durations.parse(ago));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new UsageException(option + ": cannot read time " + Texts.quoteShort(text) + " (use " + FORMS + ")");
        }
    }
}
