package org.saslfail.installer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to install, as flags or the wizard gave it. {@code values} holds saslfail.conf keys the
 * administrator chose (notify.mode, notify.to, ignore, services, ladder, fail2ban.banaction,
 * log.postfix, …); keys not given keep the previous saslfail.conf value, else the default.
 * An absent {@code ignore} inherits fail2ban's {@code [DEFAULT] ignoreip}.
 *
 * @param configDir         fail2ban's configuration directory
 * @param saslfailConfig    saslfail.conf to write
 * @param backupDir         where timestamped backups are kept
 * @param banactionOptions  extra banaction parameters (e.g. a test's own nftables table)
 * @param reload            reload fail2ban and check the jails (off: only write and test the files)
 * @param systemdUnitDir    where the daemon's unit goes when systemd runs
 * @param legacy            where to look for the bash original, and whether to upgrade it
 * @param fixJournalJails   whether fail2ban's own jails that find no log file on a journal-only
 *                          system may be put on {@code backend = systemd} (asked on a terminal)
 */
public record InstallRequest(Path configDir, Path saslfailConfig, Path backupDir, Map<String, String> values,
                             Map<String, String> banactionOptions, boolean reload, Path systemdUnitDir,
                             LegacyProbe legacy, boolean upgradeLegacy, boolean fixJournalJails) {

    public InstallRequest {
        values = Map.copyOf(values);
        banactionOptions = Map.copyOf(banactionOptions);
    }

    /** The same request with the answer to the journal question. */
    public InstallRequest withFixJournalJails(boolean fix) {
        return new InstallRequest(configDir, saslfailConfig, backupDir, values, banactionOptions, reload, systemdUnitDir,
                legacy, upgradeLegacy, fix);
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * Where the bash original may live.
     *
     * @param scripts  candidate paths of ban-tracker.sh
     * @param history  its history file
     * @param cronDirs directories of cron files and crontabs to clean (plus any files listed)
     */
    public record LegacyProbe(List<Path> scripts, Path history, List<Path> cronDirs) {
        public static LegacyProbe defaults() {
            return new LegacyProbe(List.of(Path.of("/usr/local/bin/ban-tracker.sh"), Path.of("/usr/local/sbin/ban-tracker.sh"),
                    Path.of("/usr/bin/ban-tracker.sh"), Path.of("/opt/saslfail/ban-tracker.sh")),
                    Path.of("/var/lib/saslfail/bans.db"),
                    List.of(Path.of("/etc/cron.d"), Path.of("/var/spool/cron/crontabs"), Path.of("/etc/crontab")));
        }
    }
}
