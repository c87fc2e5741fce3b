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
            "Bring the bash original (ban-tracker.sh) across to saslfail.",
            "After a backup it installs saslfail's jails with the original's notification address and ignore list, moves its running bans into them for their remaining time, removes its jails, filters, actions and cron lines, and imports its history file."})
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
