package org.saslfail.fail2ban.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.fail2ban.config.LogSource;
import org.saslfail.fail2ban.logs.JournalLines;
import org.saslfail.fail2ban.logs.LogLocator;
import org.sqlite.SQLiteConfig;

/**
 * The SASL user names an attacker tried, for notifications: fail2ban keeps the log lines that
 * led to a ban (up to its {@code dbmaxmatches}, 10 by default) in the {@code matches} of the ban's
 * row in its database, and Postfix ends each failure line with {@code sasl_username=NAME}. One
 * indexed, read-only lookup per ban; any trouble gives no names (they are a courtesy, never a
 * reason to hold back a notice). The names are attacker-chosen text: whoever renders them escapes them.
 *
 * <p>Where the mail services log only to the journal, a ban whose row gave no names is looked up
 * there too ({@link #withJournal}): the service's failure lines for the banned address in the
 * {@link #JOURNAL_LOOKBACK} before the ban, read through {@link JournalLines}.
 */
public final class TriedUsernames implements Function<Outcome, List<String>> {
    static final int MAX = 10;
    /** Longer names are cut here (and marked with an ellipsis): a notice lists names, not pages. */
    static final int MAX_NAME = 256;
    /**
     * How much of one {@code data} value is read: fail2ban keeps at most {@code dbmaxmatches}
     * lines, so anything beyond this is not worth a notice's time.
     */
    static final int MAX_DATA = 1 << 20;
    private static final String USER = "sasl_username=";
    /** How far before a ban its failures are looked for in the journal (the jails' findtime is shorter). */
    static final Duration JOURNAL_LOOKBACK = Duration.ofHours(1);

    private final Path db;
    private final JournalLines journal;

    public TriedUsernames(Path fail2banDb) {
        this(fail2banDb, null);
    }

    private TriedUsernames(Path fail2banDb, JournalLines journal) {
        this.db = fail2banDb;
        this.journal = journal;
    }

    /** Names from fail2ban's database, else from the journal (the mail services log only there). */
    public static TriedUsernames withJournal(Path fail2banDb, JournalLines journal) {
        return new TriedUsernames(fail2banDb, java.util.Objects.requireNonNull(journal, "journal"));
    }

    /**
     * Where this machine's tried names come from: fail2ban's database ({@code fail2ban.db}), and the
     * journal too when the locator finds a configured mail service logging only there.
     */
    public static TriedUsernames forThisMachine(Settings settings, EventLog log) {
        return forSettings(settings, LogLocator.forThisMachine(), JournalLines.forThisMachine(), log);
    }

    static TriedUsernames forSettings(Settings settings, LogLocator locator, JournalLines journal, EventLog log) {
        Path db = Path.of(settings.require("fail2ban.db"));
        boolean journalOnly = settings.services().stream()
                .anyMatch(s -> locator.locate(s).filter(LogSource::isJournal).isPresent());
        if (!journalOnly) {
            return new TriedUsernames(db);
        }
        log.info("tried user names: from fail2ban's database, else from the journal (the mail services log there)");
        return withJournal(db, journal);
    }

    @Override
    public List<String> apply(Outcome outcome) {
        BanEvent e = outcome.event();
        if (e.kind() != BanEvent.Kind.BAN) {
            return List.of();
        }
        List<String> names = fromDatabase(e);
        return names.isEmpty() && journal != null && outcome.service() != null ? fromJournal(outcome) : names;
    }

    /** The names in the service's journal lines for the banned address before the ban. */
    private List<String> fromJournal(Outcome outcome) {
        BanEvent e = outcome.event();
        return fromLines(journal.between(List.of(outcome.service()), e.at().minus(JOURNAL_LOOKBACK), e.at()),
                e.ip().toString());
    }

    /** The names in those of {@code lines} that are about {@code ip} ({@code [ip]}, as Postfix writes the client). */
    static List<String> fromLines(List<String> lines, String ip) {
        String client = "[" + ip + "]";
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines) {
            if (names.size() >= MAX) {
                break;
            }
            if (line.contains(client)) {
                name(line).ifPresent(names::add);
            }
        }
        return List.copyOf(names);
    }

    private List<String> fromDatabase(BanEvent e) {
        if (!Files.isReadable(db)) {
            return List.of();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(1000);
        // one indexed row per notice: a page cache would only be allocated and freed again
        config.setCacheSize(-64);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db);
             PreparedStatement st = c.prepareStatement("SELECT data FROM bans WHERE jail = ? AND ip = ? AND timeofban = ?")) {
            st.setString(1, e.jail().value());
            st.setString(2, e.ip().toString());
            st.setLong(3, e.at().getEpochSecond());
            Set<String> names = new LinkedHashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next() && names.size() < MAX) {
                    names.addAll(fromData(rs.getString(1)));
                }
            }
            return names.stream().limit(MAX).toList();
        } catch (SQLException | RuntimeException ex) {
            return List.of();
        }
    }

    /**
     * The user names in the matches of one {@code data} value (fail2ban's JSON). One linear scan
     * over at most {@link #MAX_DATA} characters, no regular expression: the text is the
     * attacker's, and a backtracking pattern recursed once per character (a StackOverflowError
     * under the daemon's -Xss256k on an ordinary 216-character Postfix line).
     */
    static List<String> fromData(String json) {
        if (json == null) {
            return List.of();
        }
        String text = json.length() > MAX_DATA ? json.substring(0, MAX_DATA) : json;
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        while (names.size() < MAX) {
            int open = text.indexOf('"', i);
            if (open < 0) {
                break;
            }
            int close = closingQuote(text, open + 1);
            if (close < 0) {
                break; // an unterminated string: the value was cut off, nothing more to read
            }
            name(unescape(text.substring(open + 1, close))).ifPresent(names::add);
            i = close + 1;
        }
        return List.copyOf(names);
    }

    /** The index of the quote that ends a JSON string starting at {@code from}, or -1. */
    private static int closingQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The name after Postfix's {@code sasl_username=} at the end of one log line, cut to {@link #MAX_NAME}. */
    private static java.util.Optional<String> name(String line) {
        int at = line.indexOf(USER);
        if (at < 0) {
            return java.util.Optional.empty();
        }
        String name = line.substring(at + USER.length()).strip();
        int eol = name.indexOf('\n');
        if (eol >= 0) {
            name = name.substring(0, eol).strip();
        }
        if (name.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME) + "…");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 < s.length() && s.substring(i + 1, i + 5).matches("[0-9A-Fa-f]{4}")) {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        b.append("\\u");
                    }
                }
                default -> b.append(n); // \" \\ \/
            }
        }
        return b.toString();
    }
}
