package org.saslfail.fail2ban.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.model.Login;
import org.saslfail.fail2ban.intake.LoginLines;

/**
 * The successful logins of the mail logs (Postfix, Dovecot) given to {@code replay} beside
 * fail2ban's logs; the replay use case feeds them to the store on the log's clock. Syslog times
 * carry no year: each gets the year that puts it before the file's last change. A read error
 * surfaces as {@link UncheckedIOException}; stray bytes are replaced rather than stopping the read.
 */
public final class MailLogLogins {
    /** Non-blank lines looked at to tell a mail log from a fail2ban log. */
    static final int SNIFF_LINES = 200;

    private MailLogLogins() {
    }

    /** Whether {@code f} is a Postfix or Dovecot log rather than a fail2ban log: one of its first lines is theirs. */
    public static boolean isMailLog(Path f, ZoneId zone) {
        try (BufferedReader in = reader(f)) {
            LoginLines lines = new LoginLines(zone, Files.getLastModifiedTime(f).toInstant());
            String line;
            int seen = 0;
            while ((line = in.readLine()) != null && seen < SNIFF_LINES) {
                if (line.isBlank()) {
                    continue;
                }
                seen++;
                if (lines.mailLine(line)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every successful login in {@code f}, in the file's order. */
    public static List<Login> read(Path f, ZoneId zone) {
        List<Login> logins = new ArrayList<>();
        try (BufferedReader in = reader(f)) {
            LoginLines lines = new LoginLines(zone, Files.getLastModifiedTime(f).toInstant());
            String line;
            while ((line = in.readLine()) != null) {
                lines.parse(line).ifPresent(logins::add);
            }
            return logins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(Path f) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(f),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }
}
