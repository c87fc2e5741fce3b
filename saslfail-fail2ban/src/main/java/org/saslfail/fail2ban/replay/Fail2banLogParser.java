package org.saslfail.fail2ban.replay;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.InvalidAddressException;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Texts;

/**
 * Reads the action lines of fail2ban's log, e.g.
 * {@code 2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [saslfail-postfix] Ban 203.0.113.9},
 * and its {@code Restore Ban} and {@code Unban} forms. Times are local times of the given zone, as
 * fail2ban writes them. Every other line is skipped with a reason.
 */
public final class Fail2banLogParser {
    private static final Pattern ACTION = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})(?:[,.](\\d{1,6}))? fail2ban\\.actions\\s*\\[\\d{1,10}\\]:"
                    + " +[A-Z]{1,10} +\\[([^\\]\\s]{1,100})\\] (Restore Ban|Ban|Unban) (\\S{1,100})\\s*");
    private static final Pattern ANY_F2B = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.{0,20} fail2ban\\..*");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final int MAX_LINE = 4096;

    private final ZoneId zone;

    public Fail2banLogParser(ZoneId zone) {
        this.zone = zone;
    }

    /** What one line held. */
    public sealed interface Line permits Event, Skipped {
    }

    /** A ban, restore or unban. */
    public record Event(BanEvent event) implements Line {
    }

    /** A line that is not an event, with the reason (a short fixed phrase, to count by). */
    public record Skipped(String reason, String detail) implements Line {
    }

    public Line parse(String line) {
        if (line.length() > MAX_LINE) {
            return new Skipped("line too long", line.length() + " characters");
        }
        Matcher m = ACTION.matcher(line);
        if (!m.matches()) {
            return ANY_F2B.matcher(line).matches()
                    ? new Skipped("other fail2ban message", "")
                    : new Skipped("not a fail2ban log line", Texts.quoteShort(line));
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(m.group(1), TIME);
        } catch (DateTimeException e) {
            return new Skipped("bad time", Texts.quoteShort(m.group(1)));
        }
        String millis = m.group(2) == null ? "0" : (m.group(2) + "000").substring(0, 3);
        local = local.plusNanos(Integer.parseInt(millis) * 1_000_000L);
        JailName jail;
        try {
            jail = JailName.of(m.group(3));
        } catch (IllegalArgumentException e) {
            return new Skipped("bad jail name", Texts.quoteShort(m.group(3)));
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(m.group(5));
        } catch (InvalidAddressException e) {
            if (m.group(5).indexOf('/') > 0 && isPrefix(m.group(5))) {
                return new Skipped("network ban", m.group(5));
            }
            return new Skipped("bad address", Texts.quoteShort(m.group(5)));
        }
        BanEvent.Kind kind = switch (m.group(4)) {
            case "Ban" -> BanEvent.Kind.BAN;
            case "Restore Ban" -> BanEvent.Kind.RESTORE;
            default -> BanEvent.Kind.UNBAN;
        };
        return new Event(new BanEvent(kind, jail, ip, local.atZone(zone).toInstant()));
    }

    private static boolean isPrefix(String text) {
        try {
            org.saslfail.core.model.IpPrefix.parse(text);
            return true;
        } catch (InvalidAddressException e) {
            return false;
        }
    }
}
