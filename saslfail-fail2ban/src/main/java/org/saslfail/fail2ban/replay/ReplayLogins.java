package org.saslfail.fail2ban.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.saslfail.core.model.Login;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.fail2ban.intake.LoginLines;

/**
 * The successful logins of mail logs given to {@code replay}, fed to the store on the log's
 * clock: the store keeps only each user's latest login per address, so a login may reach it only
 * once every ban before it has been decided ({@link #recordUntil}), or a later login would hide
 * that the address was unknown when it was banned.
 */
public final class ReplayLogins {
    /** Non-blank lines looked at to tell a mail log from a fail2ban log. */
    static final int SNIFF_LINES = 200;

    private final KnownUserPort store;
    private final ZoneId zone;
    private final List<Login> pending = new ArrayList<>();
    private int next;
    private long read;
    private boolean sorted = true;

    public ReplayLogins(KnownUserPort store, ZoneId zone) {
        this.store = store;
        this.zone = zone;
    }

    /** Whether {@code f} is a Postfix or Dovecot log rather than a fail2ban log. */
    public static boolean isMailLog(Path f, ZoneId zone) throws IOException {
        LoginLines lines = new LoginLines(zone, Files.getLastModifiedTime(f).toInstant());
        try (BufferedReader in = reader(f)) {
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
        }
    }

    /** Reads the logins of one mail log; syslog times get the year that puts them before the file's last change. */
    public void read(Path f) throws IOException {
        LoginLines lines = new LoginLines(zone, Files.getLastModifiedTime(f).toInstant());
        try (BufferedReader in = reader(f)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.parse(line).ifPresent(pending::add);
            }
        }
        read = pending.size();
        sorted = false;
    }

    /** How many logins the mail logs held. */
    public long size() {
        return read;
    }

    /** Records the logins up to and including {@code t} that were not recorded yet. */
    public void recordUntil(Instant t) {
        if (!sorted) {
            pending.subList(next, pending.size()).sort(Comparator.comparing(Login::at));
            sorted = true;
        }
        int end = next;
        while (end < pending.size() && !pending.get(end).at().isAfter(t)) {
            end++;
        }
        if (end > next) {
            store.recordLogins(pending.subList(next, end));
            next = end;
        }
    }

    static BufferedReader reader(Path f) throws IOException {
        // logs may hold stray bytes: replace them rather than stop
        return new BufferedReader(new InputStreamReader(Files.newInputStream(f),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }
}
