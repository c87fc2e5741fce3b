package org.saslfail.installer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.LogSource;

/** The usual Debian log files, else the journal when systemd runs. */
public final class WellKnownLogs implements LogLocator {
    private static final List<String> MAIL_LOGS = List.of("/var/log/mail.log", "/var/log/maillog",
            "/var/log/postfix.log", "/var/log/mail/mail.log");

    @Override
    public Map<Service, LogSource> locate(List<Service> services) {
        Map<Service, LogSource> found = new EnumMap<>(Service.class);
        for (Service s : services) {
            List<String> candidates = s == Service.DOVECOT
                    ? List.of("/var/log/dovecot.log", "/var/log/mail.log", "/var/log/maillog") : MAIL_LOGS;
            for (String c : candidates) {
                if (Files.isRegularFile(Path.of(c))) {
                    found.put(s, LogSource.file(Path.of(c)));
                    break;
                }
            }
            if (!found.containsKey(s) && Files.isDirectory(Path.of("/run/systemd/system"))) {
                found.put(s, LogSource.journal());
            }
        }
        return found;
    }
}
