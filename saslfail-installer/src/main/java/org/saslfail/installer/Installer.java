package org.saslfail.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.Keys;
import org.saslfail.core.config.Settings;
import org.saslfail.core.config.SettingsParser;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.client.BanEntry;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.client.Fail2banException;
import org.saslfail.fail2ban.config.JailConfigWriter;
import org.saslfail.fail2ban.config.JailSpec;
import org.saslfail.fail2ban.config.LogSource;
import org.saslfail.fail2ban.logs.LogLocator;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * {@code saslfail install} in order: checks, logs, backup, saslfail.conf, fail2ban files,
 * {@code fail2ban-client -t}, reload, jail check (and, when asked, the upgrade of the bash
 * original), and only then the daemon's unit. Any failure after the backup puts back everything
 * the backup holds (each part even when another part fails) and says what failed.
 * Running it again rewrites the same files: it is safe.
 */
public final class Installer {
    private static final Path PACKAGED_UNIT = Path.of("/lib/systemd/system/saslfail.service");
    private static final Duration JAIL_WAIT = Duration.ofSeconds(15);

    private final LogLocator logs;
    private final Clock clock;
    private final PrintWriter out;
    private final Commands commands;

    public Installer(LogLocator logs, Clock clock, PrintWriter out) {
        this(logs, clock, out, Commands.SYSTEM);
    }

    Installer(LogLocator logs, Clock clock, PrintWriter out, Commands commands) {
        this.logs = logs;
        this.clock = clock;
        this.out = out;
        this.commands = commands;
    }

    /** Reads the existing saslfail.conf (or the defaults when there is none); a broken one is bad input. */
    public static Settings existingSettings(Path file) {
        if (!Files.exists(file)) {
            return Settings.defaults();
        }
        try {
            return SettingsParser.parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Checks one answer as its saslfail.conf key would; {@code what} names the flag or question. */
    public static String check(String key, String value, String what) {
        try {
            Keys.all().get(key).check().accept(value.strip());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(what + ": " + e.getMessage());
        }
        return value.strip();
    }

    /**
     * What the pre-flight found in fail2ban's configuration as it is.
     *
     * @param journalJails fail2ban's own jails that find no log file here and would run on the journal
     */
    public record Preflight(List<String> journalJails) {
    }

    /**
     * Checks fail2ban's configuration as it is, before anything changes. Throws naming the jail and
     * the cause when fail2ban rejects it for a reason saslfail does not mend; returns the jails
     * it can mend (a jail without its log file on a journal-only system).
     */
    public Preflight preflight(InstallRequest r) {
        Fail2banConfigDir.of(r.configDir());
        Fail2banPreflight check = new Fail2banPreflight(commands);
        Fail2banPreflight.Result result = check.check(r.configDir());
        if (result.problem().isPresent()) {
            throw new InstallFailedException("fail2ban's configuration in " + r.configDir() + " is invalid as it is, "
                    + "so nothing was changed: " + result.problem().get()
                    + (result.journalJails().isEmpty() ? "" : " (" + describeJournalJails(result.journalJails()) + ")")
                    + "; mend it until 'fail2ban-client -t' accepts it, then run saslfail install again");
        }
        if (!result.journalJails().isEmpty() && !check.journalReadable()) {
            throw new InstallFailedException("fail2ban cannot start as it is configured, so nothing was changed: "
                    + describeJournalJails(result.journalJails()) + ", and fail2ban reads the journal only with "
                    + "python3-systemd: apt-get install python3-systemd, then run saslfail install again");
        }
        return new Preflight(result.journalJails());
    }

    /** The question (or the refusal) about fail2ban's jails that find no log file. */
    public static String describeJournalJails(List<String> jails) {
        return (jails.size() == 1 ? "its " + jails.get(0) + " jail finds" : "its jails " + String.join(", ", jails) + " find")
                + " no log file (this system logs only to the systemd journal)";
    }

    /** Looks for the bash original in the request's places. */
    public static Optional<LegacyInstall> findLegacy(InstallRequest r) {
        return LegacyInstall.detect(Fail2banConfigDir.of(r.configDir()), r.legacy());
    }

    public void install(InstallRequest r) {
        // 1. everything that can be wrong with the input is found before anything changes
        Fail2banConfigDir config = Fail2banConfigDir.of(r.configDir());
        SystemCheck.requireRoot();
        int java = SystemCheck.requireJava();
        String f2bVersion = SystemCheck.requireFail2ban(commands);
        step("root, Java " + java + ", fail2ban " + f2bVersion);
        List<String> journalJails = preflight(r).journalJails();
        if (!journalJails.isEmpty() && !r.fixJournalJails()) {
            throw new InstallFailedException("fail2ban cannot start as it is configured, so nothing was changed: "
                    + describeJournalJails(journalJails) + "; saslfail can put " + (journalJails.size() == 1 ? "it" : "them")
                    + " on backend = systemd in jail.d/ after its backup: run again with --fix-journal-jails");
        }
        step(journalJails.isEmpty() ? "fail2ban's configuration as it is: valid"
                : "fail2ban's configuration as it is: valid once " + String.join(", ", journalJails) + " read(s) the journal");
        Optional<LegacyInstall> legacy = r.upgradeLegacy() ? LegacyInstall.detect(config, r.legacy()) : Optional.empty();
        if (r.upgradeLegacy() && legacy.isEmpty()) {
            throw new BadInputException("no installation of the bash original (ban-tracker.sh, its jails "
                    + String.join("|", LegacyInstall.JAILS) + ", " + r.legacy().history() + " or its cron lines) was found");
        }
        Settings settings = settings(r, config, legacy);
        Map<Service, LogSource> detected = locateLogs(settings);
        JailConfigWriter writer = new JailConfigWriter(settings).withBanactionOptions(r.banactionOptions());
        writer.render(detected); // a missing log location is reported now, not after the backup
        String settingsText = render(settings);

        // 2. the backup
        ConfigBackup backup = new ConfigBackup(r.backupDir(), clock, commands);
        boolean saslfailPresent = Files.exists(r.configDir().resolve(JailConfigWriter.JAIL_FILE));
        Path tar = backup.backUpDirectory(r.configDir(), "fail2ban", !saslfailPresent && legacy.isEmpty());
        Optional<Path> oldConf = backup.backUpFile(r.saslfailConfig(), "saslfail.conf");
        List<Path> cronCopies = new ArrayList<>();
        legacy.ifPresent(l -> l.cronLines().keySet().forEach(f ->
                cronCopies.add(backup.backUpFile(f, "cron-" + f.getFileName()).orElseThrow())));
        step("backed up " + r.configDir() + " to " + tar + oldConf.map(p -> " and saslfail.conf to " + p).orElse(""));

        boolean reloaded = false;
        Unit unit = new Unit(r);
        Fail2banClient client = new Fail2banClient(Path.of(settings.require("fail2ban.socket")));
        try {
            // 3. files
            for (String jail : journalJails) {
                Path fix = Fail2banPreflight.writeFix(r.configDir(), jail, clock.instant());
                step("put fail2ban's " + jail + " jail on the systemd journal: " + r.configDir().relativize(fix));
            }
            writeAtomically(r.saslfailConfig(), settingsText, "rw-r-----");
            step("wrote " + r.saslfailConfig());
            List<BanMover.Move> moves = List.of();
            if (legacy.isPresent()) {
                moves = plannedMoves(legacy.get(), writer, client, r.reload());
                for (String done : legacy.get().remove(LegacyInstall.packagedFail2banFiles())) {
                    step(done);
                }
            }
            List<Path> written = writer.write(r.configDir(), detected);
            step("wrote " + written.stream().map(p -> r.configDir().relativize(p).toString()).collect(Collectors.joining(", ")));
            // 4. fail2ban
            Processes.Run test = commands.run(List.of("fail2ban-client", "-c", r.configDir().toString(), "-t"));
            if (test.code() != 0) {
                throw new InstallFailedException("fail2ban-client -t rejected the configuration: " + test.firstError());
            }
            step("fail2ban-client -t: the configuration is valid");
            if (!r.reload()) {
                step("not reloading fail2ban (--no-reload): run 'fail2ban-client reload' to activate the jails");
            } else if (!running(client) && !startFail2ban(client)) {
                step("fail2ban is not running: start it (service fail2ban start) and saslfail's jails start with it");
            } else {
                List<JailName> before = client.jails();
                BanMover.write(Path.of(settings.require("fail2ban.db")), moves);
                reloaded = true;
                client.reload(r.configDir());
                restartJailsWithMoves(r, client, before, moves);
                List<JailName> active = waitForJails(client, writer.jails());
                step("fail2ban reloaded; active saslfail jails: " + active.stream().map(JailName::value)
                        .collect(Collectors.joining(", ")));
                if (!moves.isEmpty()) {
                    int movedActive = waitForMovedBans(client, moves);
                    step("moved " + moves.size() + " running ban(s) of the bash original into the new jails, "
                            + "ending when they would have ended; " + movedActive + " active now"
                            + (movedActive < moves.size() ? " (fail2ban restores the rest as its jails catch up)" : ""));
                }
            }
            // 5. the daemon, once fail2ban runs the jails it watches (or at least accepted them)
            unit.start();
        } catch (RuntimeException e) {
            throw rollBack(e, r, backup, tar, oldConf, legacy, cronCopies, unit, reloaded ? client : null);
        } finally {
            client.close();
        }
        // 6. the history of the original, once its jails are gone (importing again changes nothing)
        legacy.flatMap(LegacyInstall::history).ifPresent(h -> importHistory(h, settings));
        legacy.ifPresent(l -> l.script().ifPresent(s -> step("the original's script " + s
                + " is no longer used; delete it when you are satisfied")));
        next(r, settings);
    }

    private Settings settings(InstallRequest r, Fail2banConfigDir config, Optional<LegacyInstall> legacy) {
        Settings base = existingSettings(r.saslfailConfig());
        Map<String, String> values = new LinkedHashMap<>(r.values());
        if (legacy.isPresent()) {
            legacy.get().notificationAddress().ifPresent(a -> values.putIfAbsent("notify.to", a));
            for (Service svc : Service.values()) {
                legacy.get().logOf(svc).ifPresent(log -> values.putIfAbsent("log." + svc.id(), log));
            }
            List<IpPrefix> old = legacy.get().ignore();
            if (!old.isEmpty()) {
                values.putIfAbsent("ignore", old.stream().map(IpPrefix::toString).collect(Collectors.joining(" ")));
            }
        }
        if (!values.containsKey("enforcement") && !Files.exists(r.saslfailConfig())) {
            // a first install: saslfail's own bans go into its nftables table where nftables is there
            SystemCheck.nftables().ifPresent(v -> {
                values.put("enforcement", "nftables");
                step("nftables " + v + " found: saslfail's tier, subnet and permanent bans go into its table inet saslfail"
                        + " (enforcement = nftables); strike-1 bans stay fail2ban's");
            });
        }
        if (!values.containsKey("ignore") && !Files.exists(r.saslfailConfig())) {
            List<String> skipped = new ArrayList<>();
            List<IpPrefix> inherited = config.inheritedIgnore(skipped);
            if (!inherited.isEmpty()) {
                values.put("ignore", inherited.stream().map(IpPrefix::toString).distinct().collect(Collectors.joining(" ")));
                step("ignore list inherited from fail2ban's [DEFAULT] ignoreip: " + values.get("ignore")
                        + (skipped.isEmpty() ? "" : " (not usable here, left out: " + String.join(" ", skipped) + ")"));
            }
        }
        values.put("fail2ban.config_dir", r.configDir().toString());
        Settings s = base;
        for (Map.Entry<String, String> e : values.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        try {
            // the same check the daemon will make when it reads the file
            return SettingsParser.parse(r.saslfailConfig().toString(), List.of(render(s).split("\n")));
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private Map<Service, LogSource> locateLogs(Settings settings) {
        List<Service> missing = settings.services().stream().filter(s -> settings.get("log." + s.id()).isEmpty()).toList();
        Map<Service, LogSource> detected = new EnumMap<>(Service.class);
        if (!missing.isEmpty()) {
            for (Service s : missing) {
                logs.locate(s).ifPresent(l -> detected.put(s, l));
            }
        }
        for (Service s : settings.services()) {
            String where = settings.get("log." + s.id()).orElseGet(() -> Optional.ofNullable(detected.get(s))
                    .map(l -> l.isJournal() ? "the systemd journal" : l.file().orElseThrow().toString()).orElse("(not found)"));
            step(s.id() + " log: " + where);
        }
        return detected;
    }

    /** saslfail.conf with every value that differs from the default, and a pointer to the rest. */
    static String render(Settings s) {
        StringBuilder sb = new StringBuilder("# saslfail configuration, written by 'saslfail install'.\n"
                + "# key = value; every key with its default and meaning: 'saslfail help install' and\n"
                + "# /usr/share/doc/saslfail/saslfail.conf.example. Keys not set here take their defaults.\n\n");
        for (Keys.Key k : Keys.all().values()) {
            Optional<String> v = s.get(k.name());
            if (v.isPresent() && !v.get().equals(k.defaultValue())) {
                sb.append("# ").append(k.help()).append('\n').append(k.name()).append(" = ").append(v.get()).append("\n\n");
            }
        }
        return sb.toString();
    }

    private List<BanMover.Move> plannedMoves(LegacyInstall legacy, JailConfigWriter writer, Fail2banClient client,
                                             boolean reload) {
        if (!reload || !running(client)) {
            return List.of();
        }
        Map<String, JailSpec> specs = new LinkedHashMap<>();
        writer.jails().forEach(j -> specs.put(j.name().value(), j));
        List<JailSpec> tiers = writer.jails().stream().filter(j -> !j.strikeOne() && j.bantime() > 0).toList();
        List<JailName> running = client.jails();
        Instant now = clock.instant();
        List<BanMover.Move> moves = new ArrayList<>();
        for (JailName old : legacy.jails()) {
            if (!running.contains(old)) {
                continue;
            }
            int tier = LegacyInstall.tierOf(old);
            JailSpec target = tier >= 2 && !tiers.isEmpty() ? tiers.get(Math.min(tier - 2, tiers.size() - 1))
                    : specs.get("saslfail-" + LegacyInstall.serviceOf(old).id());
            if (target == null) {
                step("not moving the bans of " + old + ": " + LegacyInstall.serviceOf(old).id() + " is not among the services");
                continue;
            }
            for (BanEntry b : client.bansWithTime(old)) {
                Instant end = b.end().orElse(now.plusSeconds(target.bantime()));
                if (end.isAfter(now)) {
                    moves.add(new BanMover.Move(b, target.name(), target.bantime(), end));
                }
            }
        }
        return moves;
    }

    /**
     * Under systemd, a fail2ban that is not running (on a fresh Debian 12 it failed to start for
     * want of sshd's log) is started with the configuration just checked: its jails are then
     * checked like after a reload. False without systemd.
     */
    private boolean startFail2ban(Fail2banClient client) {
        if (!commands.systemdRunning()) {
            return false;
        }
        commands.check(List.of("systemctl", "restart", "fail2ban.service"));
        Instant deadline = clock.instant().plus(JAIL_WAIT);
        while (!running(client)) {
            if (clock.instant().isAfter(deadline)) {
                throw new InstallFailedException("fail2ban was started but does not answer on " + client.socket()
                        + " (see journalctl -u fail2ban)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstallFailedException("interrupted while waiting for fail2ban");
            }
        }
        step("started fail2ban (it was not running)");
        return true;
    }

    /** A jail that was already running does not restore from the database on reload: restart those that received bans. */
    private void restartJailsWithMoves(InstallRequest r, Fail2banClient client, List<JailName> before,
                                              List<BanMover.Move> moves) {
        for (JailName j : moves.stream().map(BanMover.Move::jail).distinct().toList()) {
            if (before.contains(j)) {
                commands.check(List.of("fail2ban-client", "-c", r.configDir().toString(), "-s", client.socket().toString(),
                        "reload", "--restart", j.value()));
            }
        }
    }

    private List<JailName> waitForJails(Fail2banClient client, List<JailSpec> expected) {
        Instant deadline = clock.instant().plus(JAIL_WAIT);
        List<JailName> want = expected.stream().map(JailSpec::name).toList();
        while (true) {
            List<JailName> missing = new ArrayList<>(want);
            missing.removeAll(client.jails());
            if (missing.isEmpty()) {
                return want;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new InstallFailedException("fail2ban reloaded but these saslfail jails are not active: "
                        + missing.stream().map(JailName::value).collect(Collectors.joining(", "))
                        + " (see fail2ban's log)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstallFailedException("interrupted while waiting for the jails");
            }
        }
    }

    /** fail2ban re-bans restored tickets shortly after a jail starts: waits (bounded) until it has. */
    private int waitForMovedBans(Fail2banClient client, List<BanMover.Move> moves) {
        Instant deadline = clock.instant().plus(JAIL_WAIT);
        while (true) {
            int active = 0;
            Map<JailName, List<BanEntry>> now = new LinkedHashMap<>();
            for (BanMover.Move m : moves) {
                List<BanEntry> bans = now.computeIfAbsent(m.jail(), client::bansWithTime);
                if (bans.stream().anyMatch(b -> b.target().equals(m.ban().target()))) {
                    active++;
                }
            }
            if (active == moves.size() || clock.instant().isAfter(deadline)) {
                return active;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return active;
            }
        }
    }

    /**
     * Puts back what the backup holds: the unit as it was, fail2ban's directory, saslfail.conf and
     * the cron files, each attempted even when an earlier one fails; the exception names the
     * install's failure first and then every failure of the restore.
     */
    private InstallFailedException rollBack(RuntimeException cause, InstallRequest r, ConfigBackup backup, Path tar,
                                            Optional<Path> oldConf, Optional<LegacyInstall> legacy,
                                            List<Path> cronCopies, Unit unit, Fail2banClient reloadWith) {
        StringBuilder why = new StringBuilder(cause instanceof InstallFailedException ? cause.getMessage() : describe(cause));
        List<String> failed = new ArrayList<>();
        attempt(cause, failed, "restoring " + r.configDir() + " from " + tar, () -> backup.restoreDirectory(tar, r.configDir()));
        boolean dirRestored = failed.isEmpty();
        attempt(cause, failed, "restoring " + r.saslfailConfig(), () -> ConfigBackup.restoreFile(oldConf, r.saslfailConfig()));
        attempt(cause, failed, "restoring the cron files", () -> restoreCron(legacy, cronCopies));
        attempt(cause, failed, "putting saslfail.service back as it was", unit::undo);
        if (dirRestored) {
            why.append("; the fail2ban configuration was restored from ").append(tar).append(" exactly as it was");
            if (reloadWith != null) {
                List<String> reload = new ArrayList<>();
                attempt(cause, reload, "reloading fail2ban with it", () -> reloadWith.reload(r.configDir()));
                why.append(reload.isEmpty() ? "; fail2ban reloaded with it" : "; " + reload.get(0));
            }
        }
        for (String f : failed) {
            why.append("; ").append(f);
        }
        if (!failed.isEmpty()) {
            why.append(" (every backup is kept in ").append(r.backupDir()).append(')');
        }
        InstallFailedException failure = new InstallFailedException(why.toString(), cause);
        for (Throwable t : cause.getSuppressed()) {
            failure.addSuppressed(t);
        }
        return failure;
    }

    private static void attempt(RuntimeException cause, List<String> failed, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            failed.add(what + " failed too: " + describe(e));
        }
    }

    /** saslfail.service: enabled and (re)started last; put back as it was when the install fails. */
    private final class Unit {
        private final InstallRequest request;
        private boolean touched;
        private boolean wasEnabled;
        private boolean wasActive;
        private Optional<Path> written = Optional.empty();

        Unit(InstallRequest request) {
            this.request = request;
        }

        void start() {
            if (!commands.systemdRunning()) {
                step("systemd is not running here: start the daemon yourself, e.g. 'nohup saslfail daemon &' "
                        + "or from your init system");
                return;
            }
            touched = true;
            wasEnabled = commands.run(List.of("systemctl", "is-enabled", "--quiet", "saslfail.service")).code() == 0;
            wasActive = commands.run(List.of("systemctl", "is-active", "--quiet", "saslfail.service")).code() == 0;
            // the .deb ships the unit in /lib/systemd/system; a copy in /etc would shadow the packaged one forever
            Path unit = PACKAGED_UNIT;
            if (!Files.exists(PACKAGED_UNIT)) {
                unit = request.systemdUnitDir().resolve("saslfail.service");
                if (!Files.exists(unit)) {
                    written = Optional.of(unit);
                }
                writeAtomically(unit, packagedUnitText(), "rw-r--r--");
            }
            commands.check(List.of("systemctl", "daemon-reload"));
            commands.check(List.of("systemctl", "enable", "saslfail.service"));
            // restart, not start: a daemon already running must read the saslfail.conf just written
            commands.check(List.of("systemctl", "restart", "saslfail.service"));
            step("enabled and started saslfail.service (" + unit + ")");
        }

        void undo() {
            if (!touched) {
                return;
            }
            if (!wasEnabled) {
                commands.check(List.of("systemctl", "disable", "saslfail.service"));
            }
            commands.check(List.of("systemctl", wasActive ? "restart" : "stop", "saslfail.service"));
            if (written.isPresent()) {
                try {
                    Files.deleteIfExists(written.get());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + written.get() + ": " + e.getMessage(), e);
                }
                commands.check(List.of("systemctl", "daemon-reload"));
            }
        }
    }

    private static String packagedUnitText() {
        try (InputStream in = Installer.class.getResourceAsStream("saslfail.service")) {
            if (in == null) {
                throw new IllegalStateException("saslfail.service is missing from saslfail's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void importHistory(Path history, Settings settings) {
        LegacyHistoryImport imp = new LegacyHistoryImport(history, ZoneId.systemDefault(), clock.instant());
        LegacyHistoryImport.Check check = imp.check();
        try (OffenseStore store = OffenseStores.open(settings.require("database"))) {
            LegacyHistoryImport.Summary s = imp.importInto(store, settings.policy(List.of()), done -> { });
            step("imported " + history + " into " + store.location() + ": " + s.rows() + " rows, "
                    + s.recorded() + " newly recorded" + (check.bad().isEmpty() ? ""
                    : ", " + check.bad().size() + " bad rows skipped (first: line " + check.bad().get(0).line()
                    + ": " + check.bad().get(0).problem() + ")"));
        }
    }

    private static void restoreCron(Optional<LegacyInstall> legacy, List<Path> copies) {
        if (legacy.isEmpty()) {
            return;
        }
        int i = 0;
        for (Path f : legacy.get().cronLines().keySet()) {
            ConfigBackup.restoreFile(Optional.of(copies.get(i++)), f);
        }
    }

    private void next(InstallRequest r, Settings settings) {
        out.println();
        out.println("saslfail is installed. Next:");
        out.println("  saslfail status                      # offenders and bans");
        out.println("  fail2ban-client status saslfail-" + settings.services().get(0).id() + "   # the strike-1 jail");
        out.println("  edit " + r.saslfailConfig() + " then run 'saslfail install --yes' again to apply it");
        out.println("Backups are kept in " + r.backupDir() + "; 'saslfail uninstall' restores fail2ban's configuration.");
        out.flush();
    }

    static boolean running(Fail2banClient client) {
        try {
            client.ping();
            return true;
        } catch (Fail2banException e) {
            return false;
        }
    }

    private void step(String what) {
        out.println("[ok] " + what);
        out.flush();
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("[\\r\\n]+", " ");
    }

    static void writeAtomically(Path target, String text, String mode) {
        JailConfigWriter.writeAtomically(target.toAbsolutePath(), text.getBytes(StandardCharsets.UTF_8), mode);
    }
}
