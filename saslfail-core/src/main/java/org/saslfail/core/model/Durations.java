package org.saslfail.core.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one duration syntax of saslfail: {@code 30s}, {@code 15m}, {@code 48h}, {@code 8d}, {@code 2w}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})([smhdw])");

    private Durations() {
    }

    /** Parses one duration; throws {@link IllegalArgumentException} naming the bad text. */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("bad duration " + Texts.quoteShort(text)
                    + " (write a whole number and a unit: 30s, 15m, 48h, 8d, 2w)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** The shortest exact text of a duration in the same syntax ({@code 192h} prints as {@code 8d}). */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % (7 * 86400) == 0) {
            return s / (7 * 86400) + "w";
        }
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** A rough remaining time for people: {@code 7d 23h}, {@code 5h 02m}, {@code 42s}. */
    public static String left(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 86400) {
            return s / 86400 + "d " + (s % 86400) / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + twoDigits((s % 3600) / 60) + "m";
        }
        if (s >= 60) {
            return s / 60 + "m " + twoDigits(s % 60) + "s";
        }
        return s + "s";
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
