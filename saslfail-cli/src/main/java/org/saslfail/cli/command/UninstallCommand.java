package org.saslfail.cli.command;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.Callable;
import org.saslfail.installer.Installers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = {
            "Remove saslfail from fail2ban.",
            "It lifts saslfail's bans, restores fail2ban's configuration from the backup taken before saslfail first wrote into it (the current state is backed up first), and removes saslfail.conf and the daemon's unit. The offense history is kept unless --purge is given.",
            "Asks first on a terminal; elsewhere --yes is required."})
public final class UninstallCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InstallerOptions where;

    @Option(names = "--purge", description = "Also delete the offense history database.")
    boolean purge;

    @Mixin Confirmation confirmation;

    private final Provider<Installers> installers;

    @Inject
    UninstallCommand(Provider<Installers> installers) {
        this.installers = installers;
    }

    @Override
    public Integer call() {
        String what = "uninstall puts fail2ban's configuration back as it was before saslfail and removes "
                + where.saslfailConfig + (purge ? ", and --purge erases the offense history for good" : "");
        if (!confirmation.confirm(what)) {
            spec.commandLine().getOut().println("Nothing changed.");
            return 0;
        }
        installers.get().uninstaller(spec.commandLine().getOut()).uninstall(where.configDir, where.saslfailConfig,
                where.backupDir, where.systemdUnitDir, purge, !where.noReload);
        return 0;
    }
}
