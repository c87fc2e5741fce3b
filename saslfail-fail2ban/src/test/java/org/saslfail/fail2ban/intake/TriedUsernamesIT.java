package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.JailConfigWriter;
import org.saslfail.fail2ban.config.LogSource;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * The user names of a ban, read from what a real fail2ban stored with it after the real
 * saslfail-postfix filter matched Postfix's failure lines; hostile names come back as text.
 */
class TriedUsernamesIT {

    @Test
    void theNamesTriedBeforeABanComeFromFail2bansMatches() throws Exception {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("usr")) {
            Path postfixLog = Files.createFile(f2b.dir().resolve("postfix.log"));
            Settings settings = Settings.defaults().with("services", "postfix").with("ignore", "127.0.0.0/8")
                    .with("maxretry", "3").with("fail2ban.banaction", "dummy");
            new JailConfigWriter(settings).withBanactionOptions(Map.of("target", f2b.dir().resolve("dummy").toString()))
                    .write(f2b.config(), Map.of(Service.POSTFIX, LogSource.file(postfixLog)));
            f2b.start();
            String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT));
            StringBuilder lines = new StringBuilder();
            for (String user : List.of("alice", "admin\"; rm -rf / #", "alice")) {
                lines.append(now).append(" mx postfix/submission/smtpd[4242]: warning: unknown[192.0.2.60]:")
                        .append(" SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=").append(user).append('\n');
            }
            Files.writeString(postfixLog, lines, StandardOpenOption.APPEND);
            Fail2banServer.waitUntil("fail2ban bans 192.0.2.60", Duration.ofSeconds(20), () -> timeOfBan(f2b.db()) > 0);

            BanEvent ban = new BanEvent(BanEvent.Kind.BAN, org.saslfail.core.model.JailName.of("saslfail-postfix"),
                    org.saslfail.core.model.IpAddress.parse("192.0.2.60"), Instant.ofEpochSecond(timeOfBan(f2b.db())));
            Outcome outcome = new Outcome(ban, Outcome.Result.OFFENSE, ban.ip().asPrefix(), Service.POSTFIX, null, "");
            assertEquals(List.of("alice", "admin\"; rm -rf / #"), new TriedUsernames(f2b.db()).apply(outcome), f2b.tail());

            BanEvent other = new BanEvent(BanEvent.Kind.BAN, ban.jail(), ban.ip(), ban.at().plusSeconds(1));
            assertEquals(List.of(), new TriedUsernames(f2b.db()).apply(new Outcome(other, Outcome.Result.OFFENSE,
                    ban.ip().asPrefix(), Service.POSTFIX, null, "")), "another ban's row is not this one's");
            assertEquals(List.of(), new TriedUsernames(f2b.dir().resolve("missing.sqlite3")).apply(outcome));
        }
    }

    private static long timeOfBan(Path db) {
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT timeofban FROM bans WHERE ip = '192.0.2.60'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }
}
