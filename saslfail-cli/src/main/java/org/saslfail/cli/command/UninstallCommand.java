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
            "Remove saslfail from fail2ban: lift saslfail's bans, restore fail2ban's configuration from the backup",
            "taken before saslfail first wrote into it (the current state is backed up first), remove saslfail.conf",
            "and the daemon's unit. The offense history is kept unless --purge is given."})
public final class UninstallCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InstallerOptions where;

    @Option(names = "--purge", description = "Also delete the offense history database.")
    boolean purge;

    private final Provider<Installers> installers;

    @Inject
    UninstallCommand(Provider<Installers> installers) {
        this.installers = installers;
    }

    @Override
    public Integer call() {
        installers.get().uninstaller(spec.commandLine().getOut()).uninstall(where.configDir, where.saslfailConfig,
                where.backupDir, where.systemdUnitDir, purge, !where.noReload);
        return 0;
    }
}
