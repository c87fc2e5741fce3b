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

/** How the CLI reads and prints times: local time for people, ISO-8601 UTC in JSON. */
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
     * Reads a time argument: {@code 2026-03-01} (local midnight), {@code 2026-03-01T10:00[:00]}
     * (local), an ISO-8601 instant with {@code Z} or an offset, or a duration meaning that long ago
     * ({@code 24h}, {@code 7d}).
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
            Duration ago = Durations.parse(text);
            return now.minus(ago);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new UsageException(option + ": cannot read time '" + text
                    + "' (use 2026-03-01, 2026-03-01T10:00, 2026-03-01T10:00:00Z or a duration ago such as 24h, 7d)");
        }
    }
}
