package org.saslfail.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.BanEntry;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.FindBanSetPort;
import org.saslfail.fail2ban.config.JailConfigWriter;

/**
 * {@code saslfail uninstall}: lifts saslfail's bans, puts back the fail2ban configuration saved
 * before saslfail first wrote into it (byte for byte; the current state is backed up first),
 * removes saslfail.conf and the daemon's unit, and keeps the history unless asked to purge.
 */
public final class Uninstaller {
    private final Clock clock;
    private final PrintWriter out;
    private final FindBanSetPort banSets;

    /** @param banSets finds saslfail's own ban set (enforcement = nftables, or left from it), which uninstall removes */
    public Uninstaller(Clock clock, PrintWriter out, FindBanSetPort banSets) {
        this.clock = clock;
        this.out = out;
        this.banSets = banSets;
    }

    /** Removes saslfail's own ban set (its nftables table) if there is one; says how to do it by hand if that fails. */
    private void removeBanSet(Settings settings) {
        try {
            banSets.find(settings).ifPresent(set -> {
                set.drop();
                step("removed saslfail's ban set (" + set.location() + ")");
            });
        } catch (BanSetException e) {
            step("could not remove saslfail's ban set (" + e.getMessage() + "); with nftables: nft delete table inet saslfail");
        }
    }

    public void uninstall(Path configDir, Path saslfailConfig, Path backupDir, Path systemdUnitDir, boolean purge,
                          boolean reload) {
        Fail2banConfigDir.of(configDir);
        SystemCheck.requireRoot();
        Settings settings = Installer.existingSettings(saslfailConfig);
        ConfigBackup backup = new ConfigBackup(backupDir, clock);
        Optional<Path> pristine = backup.pristine();
        Path before = backup.backUpDirectory(configDir, "fail2ban-before-uninstall", false);
        backup.backUpFile(saslfailConfig, "saslfail.conf-before-uninstall");
        step("backed up the current configuration to " + before);

        try (Fail2banClient client = new Fail2banClient(Path.of(settings.require("fail2ban.socket")))) {
            boolean running = reload && Installer.running(client);
            if (running) {
                int lifted = 0;
                for (JailName jail : client.jails()) {
                    if (jail.value().startsWith("saslfail-")) {
                        List<IpPrefix> targets = client.bansWithTime(jail).stream().map(BanEntry::target).toList();
                        for (int i = 0; i < targets.size(); i += 1000) {
                            lifted += client.unban(jail, targets.subList(i, Math.min(targets.size(), i + 1000)));
                        }
                    }
                }
                step("lifted " + lifted + " saslfail ban(s)");
            }
            if (reload) {
                removeBanSet(settings);
            }
            List<Path> ours = saslfailFiles(configDir);
            Map<Path, byte[]> mends = Fail2banPreflight.writtenFixes(configDir);
            List<String> skipped = new ArrayList<>(ours.stream().map(p -> configDir.relativize(p).toString()).toList());
            mends.keySet().forEach(p -> skipped.add(configDir.relativize(p).toString()));
            if (pristine.isPresent() && backup.sameAs(pristine.get(), configDir, skipped::contains)) {
                backup.restoreDirectory(pristine.get(), configDir);
                step("restored " + configDir + " from " + pristine.get() + " (byte for byte)");
                for (Map.Entry<Path, byte[]> m : mends.entrySet()) {
                    JailConfigWriter.writeAtomically(m.getKey(), m.getValue(), "rw-r--r--");
                    // without it fail2ban would not start again: the mend outlives saslfail
                    step("kept " + configDir.relativize(m.getKey()) + " (fail2ban's jail needs it on this journal-only "
                            + "system; delete it to undo)");
                }
            } else {
                for (Path f : ours) {
                    Files.delete(f);
                    step("removed " + f);
                }
                step(pristine.isPresent()
                        ? "fail2ban's configuration was changed since saslfail was installed, so only saslfail's files "
                                + "were removed (the configuration from before saslfail is in " + pristine.get() + ")"
                        : "no backup from before saslfail was found in " + backupDir + ": removed saslfail's files only");
            }
            if (running) {
                client.reload(configDir);
                step("fail2ban reloaded without saslfail's jails");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (Files.deleteIfExists(saslfailConfig)) {
                step("removed " + saslfailConfig);
            }
            if (Files.isDirectory(Path.of("/run/systemd/system"))) {
                // the packaged unit (/lib/systemd/system) stays with the package, but no longer runs
                Processes.run(List.of("systemctl", "disable", "--now", "saslfail.service"));
                Path unit = systemdUnitDir.resolve("saslfail.service");
                if (Files.deleteIfExists(unit)) {
                    Processes.run(List.of("systemctl", "daemon-reload"));
                    step("removed " + unit);
                }
                step("stopped and disabled saslfail.service");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backup.forgetPristine();
        String database = settings.require("database");
        String file = database.startsWith("jdbc:sqlite:") ? database.substring("jdbc:sqlite:".length()) : database;
        if (purge && !file.startsWith("jdbc:")) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    if (Files.deleteIfExists(Path.of(file + suffix))) {
                        step("removed " + file + suffix);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + file + suffix + ": " + e.getMessage(), e);
                }
            }
        } else {
            step("kept the offense history " + database + (purge ? " (not a file: drop it yourself)" : " (--purge removes it)"));
        }
        out.println("saslfail is uninstalled; backups stay in " + backupDir + ".");
        out.flush();
    }

    private static List<Path> saslfailFiles(Path configDir) throws IOException {
        List<Path> files = new ArrayList<>();
        Path jail = configDir.resolve(JailConfigWriter.JAIL_FILE);
        if (Files.exists(jail)) {
            files.add(jail);
        }
        for (String d : List.of("filter.d", "action.d")) {
            Path dir = configDir.resolve(d);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().startsWith("saslfail-")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    private void step(String what) {
        out.println("[ok] " + what);
        out.flush();
    }
}
