package org.saslfail.cli.command;

import org.saslfail.cli.NonBlank;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --db}, which every command takes. */
public final class CommonOptions {
    static final Path DEFAULT_CONFIG = Path.of("/etc/saslfail/saslfail.conf");

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: /etc/saslfail/saslfail.conf when it exists, else built-in defaults).")
    public Path config;

    @Option(names = "--db", paramLabel = "PATH-or-JDBC-URL", converter = NonBlank.Text.class,
            description = "Offense store: a SQLite file, jdbc:sqlite:… or jdbc:postgresql://… (default: the config's 'database', /var/lib/saslfail/saslfail.db).")
    public String db;

    /** Whether --config was given (then a missing file is an error, even if it names the default path). */
    public boolean configExplicit() {
        return config != null;
    }

    /** The configuration file to read: the one given, else the default. */
    public Path configFile() {
        return config != null ? config : DEFAULT_CONFIG;
    }
}
