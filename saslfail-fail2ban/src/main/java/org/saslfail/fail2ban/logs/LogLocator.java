package org.saslfail.fail2ban.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.LogSource;

/**
 * Inspects the machine to find where a service logs its authentication failures, for the strike-1 jail.
 *
 * <p>Order: the service's own log file setting (Postfix {@code maillog_file}, Dovecot {@code info_log_path}
 * or {@code log_path}), then the syslog files {@code /var/log/mail.log} (Debian, Ubuntu) and
 * {@code /var/log/maillog} (Red Hat, SUSE), then the systemd journal. The filesystem root and the command
 * runner are injected so the inspection can be tested on a temporary directory tree.
 */
public final class LogLocator {
    private static final List<String> SYSLOG_FILES = List.of("/var/log/mail.log", "/var/log/maillog");

    private final Path root;
    private final CommandRunner commands;

    /** Inspects a tree mounted at {@code root} ("/" for this machine), asking Postfix and Dovecot through {@code commands}. */
    public LogLocator(Path root, CommandRunner commands) {
        this.root = Objects.requireNonNull(root, "root");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** Inspects this machine. */
    public static LogLocator forThisMachine() {
        return new LogLocator(Path.of("/"), new ProcessCommandRunner());
    }

    /** Where the strike-1 jail of {@code service} should read, or empty when no log was found. */
    public Optional<LogSource> locate(Service service) {
        Optional<String> own = switch (service) {
            case POSTFIX -> setting(List.of("postconf", "-h", "maillog_file"));
            case DOVECOT -> setting(List.of("doveconf", "-h", "info_log_path"))
                    .or(() -> setting(List.of("doveconf", "-h", "log_path")));
        };
        if (own.isPresent()) {
            return own.map(f -> LogSource.file(Path.of(f)));
        }
        for (String file : SYSLOG_FILES) {
            if (Files.isRegularFile(onRoot(file))) {
                return Optional.of(LogSource.file(Path.of(file)));
            }
        }
        if (Files.isDirectory(onRoot("/run/systemd/journal"))) {
            // the saslfail filters carry the journalmatch for their service
            return Optional.of(LogSource.journal());
        }
        return Optional.empty();
    }

    // A setting that names a log file; "syslog", "/dev/stderr" and friends mean "not a file of its own".
    private Optional<String> setting(List<String> argv) {
        return commands.run(argv)
                .map(String::strip)
                .filter(value -> value.startsWith("/") && !value.startsWith("/dev/") && !value.contains("\n"));
    }

    private Path onRoot(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
