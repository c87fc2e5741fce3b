package org.saslfail.fail2ban.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;
import org.sqlite.SQLiteConfig;

/**
 * The SASL user names an attacker tried, for notifications: fail2ban keeps the log lines that
 * led to a ban (up to its {@code dbmaxmatches}, 10 by default) in the {@code matches} of the ban's
 * row in its database, and Postfix ends each failure line with {@code sasl_username=NAME}. One
 * indexed, read-only lookup per ban; any trouble gives no names (they are a courtesy, never a
 * reason to hold back a notice). The names are attacker-chosen text: whoever renders them escapes them.
 */
public final class TriedUsernames implements Function<Outcome, List<String>> {
    static final int MAX = 10;
    /** A JSON string literal. */
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern USER = Pattern.compile("sasl_username=(.{1,256})$");

    private final Path db;

    public TriedUsernames(Path fail2banDb) {
        this.db = fail2banDb;
    }

    @Override
    public List<String> apply(Outcome outcome) {
        BanEvent e = outcome.event();
        if (e.kind() != BanEvent.Kind.BAN || !Files.isReadable(db)) {
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

    /** The user names in the matches of one {@code data} value (fail2ban's JSON). */
    static List<String> fromData(String json) {
        if (json == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = JSON_STRING.matcher(json);
        while (m.find() && names.size() < MAX) {
            Matcher u = USER.matcher(unescape(m.group(1)).strip());
            if (u.find() && !u.group(1).isBlank()) {
                names.add(u.group(1).strip());
            }
        }
        return List.copyOf(names);
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
