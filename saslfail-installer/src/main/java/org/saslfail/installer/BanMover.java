package org.saslfail.installer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.BanEntry;

/**
 * Carries running bans over into other jails with their remaining time. fail2ban restores a
 * jail's bans from its database ({@code bips}) when the jail starts, ending each at
 * {@code timeofban + the jail's bantime}; writing {@code timeofban = end - bantime} therefore
 * makes the ban end exactly when the old one would have. Rows go only into {@code bips}, never
 * into {@code bans}, so the saslfail daemon (which reads {@code bans}) sees no new offense.
 */
final class BanMover {
    /** One ban to carry over: into {@code jail}, whose bantime is {@code bantime} seconds, ending at {@code end}. */
    record Move(BanEntry ban, JailName jail, long bantime, Instant end) {
    }

    private BanMover() {
    }

    static void write(Path fail2banDb, List<Move> moves) {
        if (moves.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fail2banDb)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
            }
            c.setAutoCommit(false);
            try (PreparedStatement jail = c.prepareStatement("INSERT OR IGNORE INTO jails(name, enabled) VALUES (?, 1)");
                 PreparedStatement ban = c.prepareStatement("INSERT OR REPLACE INTO bips(ip, jail, timeofban, bantime, "
                         + "bancount, data) VALUES (?, ?, ?, ?, 1, '{}')")) {
                for (Move m : moves) {
                    jail.setString(1, m.jail().value());
                    jail.executeUpdate();
                    long timeOfBan = m.bantime() < 0 ? m.ban().start().getEpochSecond() : m.end().getEpochSecond() - m.bantime();
                    ban.setString(1, m.ban().target().isHost() ? m.ban().target().network().toString() : m.ban().target().toString());
                    ban.setString(2, m.jail().value());
                    ban.setLong(3, timeOfBan);
                    ban.setLong(4, m.bantime());
                    ban.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new InstallFailedException("cannot write the moved bans into fail2ban's database " + fail2banDb + ": "
                    + e.getMessage(), e);
        }
    }
}
