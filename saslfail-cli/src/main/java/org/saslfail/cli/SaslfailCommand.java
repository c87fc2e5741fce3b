package org.saslfail.cli;

import org.saslfail.cli.command.BanCommand;
import org.saslfail.cli.command.BlacklistCommand;
import org.saslfail.cli.command.DaemonCommand;
import org.saslfail.cli.command.FleetCommand;
import org.saslfail.cli.command.DoctorCommand;
import org.saslfail.cli.command.Fail2banCommand;
import org.saslfail.cli.command.ForgiveCommand;
import org.saslfail.cli.command.ImportLegacyCommand;
import org.saslfail.cli.command.InstallCommand;
import org.saslfail.cli.command.ListCommand;
import org.saslfail.cli.command.PruneCommand;
import org.saslfail.cli.command.ReplayCommand;
import org.saslfail.cli.command.ReportCommand;
import org.saslfail.cli.command.ShowCommand;
import org.saslfail.cli.command.StatusCommand;
import org.saslfail.cli.command.UnbanCommand;
import org.saslfail.cli.command.UninstallCommand;
import org.saslfail.cli.command.UpgradeFromLegacyCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command: only a list of subcommands. They are registered by {@link Main} from
 * {@link #SUBCOMMANDS} rather than by the annotation, so that a run builds only the command it
 * runs (picocli and Guice would otherwise build all of them at every start).
 */
@Command(name = "saslfail", mixinStandardHelpOptions = true, versionProvider = SaslfailCommand.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = {
            "Escalating fail2ban bans for SMTP AUTH brute force.",
            "A first offense is banned for 48 h, the second for 8 days, the third and later for 32 days, with an offense history that survives restarts.",
            ""},
        footer = {"", "Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.",
            "Configuration: /etc/saslfail/saslfail.conf (key = value; see 'saslfail help <command>')."})
public final class SaslfailCommand implements Runnable {
    /** Every subcommand, in the order {@code --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ReplayCommand.class, StatusCommand.class, ListCommand.class, ShowCommand.class,
            ReportCommand.class, ImportLegacyCommand.class, BlacklistCommand.class, DaemonCommand.class, BanCommand.class,
            UnbanCommand.class, ForgiveCommand.class, PruneCommand.class, DoctorCommand.class, Fail2banCommand.class, FleetCommand.class,
            InstallCommand.class, UninstallCommand.class, UpgradeFromLegacyCommand.class, CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    /** Reads the version from the jar manifest, cheaply. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SaslfailCommand.class.getPackage().getImplementationVersion();
            return new String[] {"saslfail " + (v == null ? "dev" : v)};
        }
    }
}
