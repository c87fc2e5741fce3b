package org.saslfail.fail2ban.intake;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;

/**
 * Finds the successful logins in Postfix and Dovecot log lines:
 * <pre>
 * Nov 30 10:00:00 mx postfix/smtpd[123]: 4ABC: client=host[203.0.113.7], sasl_method=PLAIN, sasl_username=alice
 * Nov 30 10:00:00 mx dovecot: imap-login: Login: user=&lt;alice&gt;, method=PLAIN, rip=203.0.113.7, lip=…
 * </pre>
 * with a syslog time ({@code Nov 30 10:00:00}, the year inferred), an ISO time (rsyslog's
 * high-precision format, {@code journalctl -o short-iso}), or Dovecot's own log file (no host).
 * Only the program tag that opens the message counts, so text an attacker chose (a user name in a
 * failure line) can never pose as a login. Lines without {@code sasl_username=} or
 * {@code Login: user=<} cost one {@code indexOf} each. Not thread-safe (one per reader).
 */
public final class LoginLines {
    static final int MAX_LINE = 4096;
    private static final Pattern POSTFIX = Pattern.compile(
            "(?:\\S{1,255} )?postfix(?:/[\\w.-]{1,64})*/smtpd\\[\\d{1,10}\\]: (?:[0-9A-Za-z]{1,20}: )?"
                    + "client=[^\\[\\s]{0,255}\\[([0-9A-Fa-f:.]{2,45})\\](?::\\d{1,5})?, sasl_method=[\\w-]{1,40},"
                    + " sasl_username=(.{1,1024}?)(?:, sasl_sender=.*)?");
    private static final Pattern DOVECOT = Pattern.compile(
            "(?:\\S{1,255} )?(?:dovecot(?:\\[\\d{1,10}\\])?: )?(?:imap|pop3|submission|managesieve|lmtp)-login(?:\\[\\d{1,10}\\])?:"
                    + " (?:Info: )?Login: user=<(.{1,1024}?)>, method=[\\w-]{1,40}, rip=([0-9A-Fa-f:.]{2,45}),.*");
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final ZoneId zone;
    private final Instant notAfter;

    /**
     * @param zone     the zone of syslog times without an offset (this machine's)
     * @param notAfter syslog times carry no year: each gets the year that puts it at or before
     *                 this instant plus a day (the log file's last change, or now)
     */
    public LoginLines(ZoneId zone, Instant notAfter) {
        this.zone = zone;
        this.notAfter = notAfter;
    }

    private static final Pattern MAIL_PROGRAM = Pattern.compile(
            "(?:\\S{1,255} )?(?:postfix(?:/[\\w.-]{1,64})+|dovecot|[a-z0-9]{1,20}-login)(?:\\[\\d{1,10}\\])?: .*");

    /** Whether a line is a Postfix or Dovecot log line (any message), to tell a mail log from other logs. */
    public boolean mailLine(String line) {
        if (line.length() > MAX_LINE) {
            return false;
        }
        int[] rest = new int[1];
        return time(line, rest) != null && MAIL_PROGRAM.matcher(line.substring(rest[0])).matches();
    }

    /** Whether a line may be a login line at all: one or two {@code indexOf}. */
    static boolean candidate(String line) {
        return line.indexOf("sasl_username=") >= 0 || line.indexOf("Login: user=<") >= 0;
    }

    /** {@link #candidate} as a pattern for the journal to match itself (journalctl {@code --grep}). */
    static final String CANDIDATE_PATTERN = "sasl_username=|Login: user=<";

    /** The time a log line starts with, if it starts with one. */
    Optional<Instant> timeOf(String line) {
        return Optional.ofNullable(time(line, new int[1]));
    }

    /** The login a line records, or empty for any other line (or one too long or malformed to trust). */
    public Optional<Login> parse(String line) {
        boolean postfix = line.indexOf("sasl_username=") >= 0;
        if (!postfix && line.indexOf("Login: user=<") < 0 || line.length() > MAX_LINE) {
            return Optional.empty();
        }
        int[] rest = new int[1];
        Instant at = time(line, rest);
        if (at == null) {
            return Optional.empty();
        }
        String message = line.substring(rest[0]);
        Matcher m = (postfix ? POSTFIX : DOVECOT).matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        String ip = postfix ? m.group(1) : m.group(2);
        String user = postfix ? m.group(2) : m.group(1);
        try {
            Login login = Login.of(IpAddress.parse(ip), postfix ? Service.POSTFIX : Service.DOVECOT, user, at);
            return Optional.of(login);
        } catch (IllegalArgumentException e) { // a bad address, or a user name that is blank once cleaned
            return Optional.empty();
        }
    }

    /** The time a line starts with; {@code rest[0]} is set to where the message after it begins. */
    private Instant time(String line, int[] rest) {
        if (line.length() > 20 && Character.isDigit(line.charAt(0))) {
            int space = line.indexOf(' ');
            if (space < 0) {
                return null;
            }
            rest[0] = space + 1;
            try {
                var parsed = ISO.parseBest(line.substring(0, space), OffsetDateTime::from, LocalDateTime::from);
                return parsed instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) parsed).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }
        // "Nov 30 10:00:00 " (day space-padded)
        if (line.length() < 16 || line.charAt(3) != ' ' || line.charAt(6) != ' ' || line.charAt(15) != ' ') {
            return null;
        }
        int month = -1;
        for (int i = 0; i < 12; i++) {
            if (line.startsWith(MONTHS[i])) {
                month = i + 1;
                break;
            }
        }
        try {
            int day = Integer.parseInt(line.substring(4, 6).strip());
            int h = Integer.parseInt(line.substring(7, 9));
            int min = Integer.parseInt(line.substring(10, 12));
            int s = Integer.parseInt(line.substring(13, 15));
            if (month < 0) {
                return null;
            }
            rest[0] = 16;
            int year = ZonedDateTime.ofInstant(notAfter, zone).getYear();
            Instant limit = notAfter.plusSeconds(86_400);
            for (int y = year; y >= year - 1; y--) {
                try {
                    Instant t = LocalDateTime.of(y, month, day, h, min, s).atZone(zone).toInstant();
                    if (!t.isAfter(limit)) {
                        return t;
                    }
                } catch (DateTimeException feb29) {
                    // no such day that year: try the year before
                }
            }
            return null;
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }
}
