package org.saslfail.core.legacy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.InvalidAddressException;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.core.model.Texts;

/**
 * Parses rows of the bash original's {@code bans.db}. Timestamps are accepted as
 * {@code YYYY-MM-DD HH:MM:SS} (local time of the given zone, as {@code date} wrote them), ISO-8601
 * with an offset, or epoch seconds. Jails are {@code postfix-sasl-first|second|third} and
 * {@code dovecot-first|second|third}.
 */
public final class LegacyFormat {
    public static final String HEADER = "timestamp|ip|jail|action|strike_level|notified";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final Map<String, Integer> TIER = Map.of("first", 1, "second", 2, "third", 3);
    private static final List<String> ACTIONS = List.of("ban", "unban", "restore-ban", "restore-unban");

    private LegacyFormat() {
    }

    /** The outcome of reading one line: a row, nothing (header, blank, comment), or a problem. */
    public sealed interface Parsed permits Row, Skip, Bad {
    }

    public record Row(LegacyRow row) implements Parsed {
    }

    public record Skip() implements Parsed {
    }

    public record Bad(int line, String problem) implements Parsed {
    }

    /**
     * How far past the import's own clock a row's time may lie (clock skew between the machine that
     * wrote the file and this one); anything later is refused as a bad row, as is a time before 1970.
     */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(15);

    /**
     * Reads one line; {@code now} is the import's clock: rows later than it by more than
     * {@link #FUTURE_TOLERANCE} are refused (a year-999999999 row would only fail at write time).
     */
    public static Parsed parse(int lineNo, String line, ZoneId zone, Instant now) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals(HEADER)) {
            return new Skip();
        }
        String[] f = trimmed.split("\\|", -1);
        if (f.length != 6) {
            return new Bad(lineNo, "expected 6 fields separated by '|', got " + f.length);
        }
        Instant at;
        try {
            at = time(f[0].strip(), zone);
        } catch (DateTimeException | NumberFormatException e) {
            return new Bad(lineNo, "bad timestamp " + Texts.quoteShort(f[0]));
        }
        if (at.isBefore(Instant.EPOCH)) {
            return new Bad(lineNo, "timestamp " + Texts.quoteShort(f[0]) + " is before 1970");
        }
        if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
            return new Bad(lineNo, "timestamp " + Texts.quoteShort(f[0]) + " is in the future (after " + now
                    + "; is --tz right?)");
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(f[1].strip());
        } catch (InvalidAddressException e) {
            return new Bad(lineNo, "bad address: " + e.getMessage());
        }
        String jailText = f[2].strip();
        int dash = jailText.lastIndexOf('-');
        Integer tier = dash < 0 ? null : TIER.get(jailText.substring(dash + 1));
        Service service = jailText.startsWith("postfix") ? Service.POSTFIX
                : jailText.startsWith("dovecot") ? Service.DOVECOT : null;
        JailName jail;
        try {
            jail = tier == null || service == null ? null : JailName.of(jailText);
        } catch (IllegalArgumentException e) {
            jail = null;
        }
        if (jail == null) {
            return new Bad(lineNo, "unknown jail " + Texts.quoteShort(jailText)
                    + " (postfix-sasl-first|second|third or dovecot-first|second|third)");
        }
        String action = f[3].strip();
        if (!ACTIONS.contains(action)) {
            return new Bad(lineNo, "unknown action " + Texts.quoteShort(action) + " (" + String.join(", ", ACTIONS) + ")");
        }
        int strike;
        try {
            strike = f[4].isBlank() ? tier : Integer.parseInt(f[4].strip());
        } catch (NumberFormatException e) {
            return new Bad(lineNo, "bad strike_level " + Texts.quoteShort(f[4]));
        }
        if (strike < 1 || strike > 99) {
            return new Bad(lineNo, "strike_level out of range: " + strike);
        }
        String notified = f[5].strip();
        return new Row(new LegacyRow(lineNo, at, ip, jail, service, action, strike,
                notified.equals("1") || notified.equalsIgnoreCase("yes") || notified.equalsIgnoreCase("true")));
    }

    private static Instant time(String text, ZoneId zone) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9') && text.length() <= 12) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        if (text.length() == 19 && text.charAt(10) == ' ') {
            return LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant();
        }
        return OffsetDateTime.parse(text).toInstant();
    }
}
