package org.saslfail.cli.command;

import org.saslfail.cli.NonBlank;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saslfail.fail2ban.config.Fail2banConfig;
import org.saslfail.installer.BadInputException;
import org.saslfail.installer.InstallRequest;
import org.saslfail.installer.Installer;
import picocli.CommandLine.Option;

/** Where install, uninstall and upgrade-from-legacy work: the files and sockets they touch. */
public final class InstallerOptions {
    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/fail2ban",
            description = "fail2ban's configuration directory (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = {"--config", "--saslfail-config"}, paramLabel = "FILE", defaultValue = "/etc/saslfail/saslfail.conf",
            description = "saslfail's configuration file (default: ${DEFAULT-VALUE}).")
    Path saslfailConfig;

    @Option(names = "--db", paramLabel = "PATH-or-JDBC-URL", converter = NonBlank.Text.class,
            description = "Offense store to record in saslfail.conf (default: /var/lib/saslfail/saslfail.db).")
    String db;

    @Option(names = "--backup-dir", paramLabel = "DIR", defaultValue = "/var/backups/saslfail",
            description = "Where timestamped backups are kept (default: ${DEFAULT-VALUE}).")
    Path backupDir;

    @Option(names = "--socket", paramLabel = "PATH", description = "fail2ban's control socket (default: /var/run/fail2ban/fail2ban.sock).")
    Path socket;

    @Option(names = "--fail2ban-db", paramLabel = "PATH", description = "fail2ban's database (default: /var/lib/fail2ban/fail2ban.sqlite3).")
    Path fail2banDb;

    @Option(names = "--no-reload", description = "Write and check the files but do not reload fail2ban.")
    boolean noReload;

    @Option(names = "--fix-journal-jails",
            description = "When fail2ban's own jails (sshd on a stock Debian 12) find no log file because this system "
                    + "logs only to the systemd journal, put them on backend = systemd, in a file of their own under "
                    + "jail.d/ after the backup. Asked on a terminal; with --yes only this flag applies it.")
    boolean fixJournalJails;

    @Option(names = "--systemd-unit-dir", paramLabel = "DIR", defaultValue = "/etc/systemd/system", hidden = true)
    Path systemdUnitDir;

    @Option(names = "--legacy-script", paramLabel = "PATH", description = "Where the bash original's ban-tracker.sh is (default: the usual places).")
    List<Path> legacyScripts = new ArrayList<>();

    @Option(names = "--legacy-history", paramLabel = "FILE", description = "Its history file (default: /var/lib/saslfail/bans.db).")
    Path legacyHistory;

    @Option(names = "--cron-dir", paramLabel = "DIR", description = "Cron directories or files to clean of its lines (default: /etc/cron.d, /var/spool/cron/crontabs, /etc/crontab).")
    List<Path> cronDirs = new ArrayList<>();

    /** The saslfail.conf keys these options set. */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        if (db != null) {
            v.put("database", Installer.check("database", db, "--db"));
        }
        if (socket != null) {
            v.put("fail2ban.socket", socket.toString());
        }
        if (fail2banDb != null) {
            v.put("fail2ban.db", fail2banDb.toString());
        }
        return v;
    }

    InstallRequest.LegacyProbe probe() {
        InstallRequest.LegacyProbe d = InstallRequest.LegacyProbe.defaults();
        return new InstallRequest.LegacyProbe(legacyScripts.isEmpty() ? d.scripts() : legacyScripts,
                legacyHistory == null ? d.history() : legacyHistory, cronDirs.isEmpty() ? d.cronDirs() : cronDirs);
    }

    InstallRequest request(Map<String, String> values, Map<String, String> banactionOptions, boolean upgrade) {
        Map<String, String> all = new LinkedHashMap<>(values());
        all.putAll(values);
        return new InstallRequest(configDir, saslfailConfig, backupDir, all, banactionOptions, !noReload, systemdUnitDir,
                probe(), upgrade, fixJournalJails);
    }

    static String log(String flag, String value) {
        try {
            Fail2banConfig.checkLogSource(value);
            return value.strip();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(flag + ": " + e.getMessage());
        }
    }
}
