package org.saslfail.cli.command;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.wiring.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.saslfail.core.config.Settings;
import org.saslfail.fail2ban.config.Fail2banConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fail2ban", mixinStandardHelpOptions = true, description = "Manage saslfail's fail2ban configuration.",
        subcommands = Fail2banCommand.WriteConfig.class)
public final class Fail2banCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: write-config");
    }

    @Command(name = "write-config", mixinStandardHelpOptions = true,
            description = {
            "Write saslfail's jails, filters and action into fail2ban's configuration.",
            "jail.d/saslfail.conf, the filter.d/saslfail-*.conf filters and the action are generated from saslfail.conf into DIR (default: fail2ban.config_dir). Then reload fail2ban."})
    static final class WriteConfig implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;

        @Option(names = "--dest", paramLabel = "DIR", description = "A fail2ban configuration directory.")
        Path dest;

        @Override
        public Integer call() {
            Settings settings = App.loadSettings(common);
            Path dir = dest != null ? dest : Path.of(settings.require("fail2ban.config_dir"));
            if (!Files.isDirectory(dir)) {
                throw new UsageException("fail2ban config directory " + dir + " does not exist");
            }
            List<Path> files = Fail2banConfig.write(settings, dir);
            var out = spec.commandLine().getOut();
            files.forEach(f -> out.println("wrote " + f));
            out.println("Apply with: fail2ban-client reload (then check with: saslfail doctor)");
            return 0;
        }
    }
}
