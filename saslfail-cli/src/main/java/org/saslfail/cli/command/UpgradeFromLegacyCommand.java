package org.saslfail.cli.command;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.Callable;
import org.saslfail.installer.Installers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "upgrade-from-legacy", mixinStandardHelpOptions = true,
        description = {
            "Bring the bash original (ban-tracker.sh) across: after a backup, install saslfail's jails with its",
            "notification address and ignore list, move its running bans into them for their remaining time,",
            "remove its jails, filters, actions and cron lines, and import its history file."})
public final class UpgradeFromLegacyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InstallerOptions where;
    @Mixin JailOptions jails;

    private final Provider<Installers> installers;

    @Inject
    UpgradeFromLegacyCommand(Provider<Installers> installers) {
        this.installers = installers;
    }

    @Override
    public Integer call() {
        installers.get().installer(spec.commandLine().getOut()).install(where.request(jails.values(), jails.banactionOptions, true));
        return 0;
    }
}
