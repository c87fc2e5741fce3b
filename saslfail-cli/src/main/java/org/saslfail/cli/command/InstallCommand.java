package org.saslfail.cli.command;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.BufferedReader;
import java.io.Console;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.saslfail.installer.BadInputException;
import org.saslfail.installer.InstallRequest;
import org.saslfail.installer.Installer;
import org.saslfail.installer.Installers;
import org.saslfail.installer.LegacyInstall;
import org.saslfail.installer.Wizard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = {
            "Install saslfail into fail2ban.",
            "It checks fail2ban's configuration as it is, backs it up, writes saslfail.conf and saslfail's jails, filters and action, checks them with fail2ban-client -t, reloads fail2ban, checks the jails run and only then starts the daemon's unit.",
            "On a terminal it asks; with --yes it takes the flags and defaults. Any failure after the backup restores it exactly. Running it again is safe (it rewrites the same files)."})
public final class InstallCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InstallerOptions where;
    @Mixin JailOptions jails;

    @Option(names = {"-y", "--yes"}, description = "Do not ask: take the flags, the previous saslfail.conf and the defaults.")
    boolean yes;

    @Option(names = "--notify", paramLabel = "MODE", description = "none, smart (default), immediate, daily or weekly.")
    String notify;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "Where notifications go (default: root@localhost).")
    String email;

    @Option(names = "--ignore", paramLabel = "CIDRS", description = "Addresses and networks never banned, space- or comma-separated (default: fail2ban's [DEFAULT] ignoreip).")
    String ignore;

    @Option(names = "--services", paramLabel = "LIST", description = "postfix,dovecot (default) or one of them.")
    String services;

    @Option(names = "--ladder", paramLabel = "DURATIONS", description = "Ban lengths of the 1st, 2nd, … offense (default: 48h, 8d, 32d).")
    String ladder;

    @Option(names = "--banaction", paramLabel = "ACTION", description = "A set-based fail2ban banaction (default: nftables-multiport).")
    String banaction;

    @Option(names = "--upgrade-legacy", negatable = true, description = "Upgrade the bash original when one is found (asked on a terminal; off with --yes).")
    Boolean upgradeLegacy;

    private final Provider<Installers> installers;

    @Inject
    InstallCommand(Provider<Installers> installers) {
        this.installers = installers;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> values = values();
        Console console = System.console();
        boolean upgrade = Boolean.TRUE.equals(upgradeLegacy);
        InstallRequest request = where.request(values, jails.banactionOptions, upgrade);
        Optional<LegacyInstall> legacy = Installer.findLegacy(request);
        Installer installer = installers.get().installer(out);
        if (!yes) {
            if (console == null) {
                throw new BadInputException("not a terminal, so no questions can be asked: give --yes and the answers "
                        + "as flags (see 'saslfail install --help')");
            }
            Wizard.Answers answers = new Wizard(new BufferedReader(console.reader()), out)
                    .ask(request, values, upgradeLegacy == null ? legacy : Optional.empty(), installer.preflight(request));
            if (!answers.proceed()) {
                out.println("Nothing was changed.");
                return 0;
            }
            request = where.request(values, jails.banactionOptions, answers.upgradeLegacy() || upgrade)
                    .withFixJournalJails(answers.fixJournalJails() || where.fixJournalJails);
        } else if (legacy.isPresent() && upgradeLegacy == null) {
            out.println("[note] the bash original is installed here (" + legacy.get().jails() + "); "
                    + "'saslfail upgrade-from-legacy' brings it across");
        }
        installer.install(request);
        return 0;
    }

    private Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        put(v, "notify.mode", notify, "--notify");
        put(v, "notify.to", email, "--email");
        put(v, "ignore", ignore == null ? null : ignore.replace(',', ' '), "--ignore");
        put(v, "services", services, "--services");
        put(v, "ladder", ladder, "--ladder");
        put(v, "fail2ban.banaction", banaction, "--banaction");
        v.putAll(jails.values());
        return v;
    }

    private static void put(Map<String, String> v, String key, String value, String flag) {
        if (value != null) {
            v.put(key, Installer.check(key, value, flag));
        }
    }
}
