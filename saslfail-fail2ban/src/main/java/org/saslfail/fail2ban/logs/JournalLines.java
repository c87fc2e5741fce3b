package org.saslfail.fail2ban.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.saslfail.core.model.Service;

/**
 * The mail services' log lines from the systemd journal, for whatever learns from the mail logs
 * on a journal-only system (tried user names, successful logins). One {@code journalctl} run per
 * read, with fixed arguments (never a shell), killed after {@link #TIMEOUT} and kept to
 * {@link #MAX_OUTPUT} bytes; a line cut by that cap is dropped. Lines come in syslog form
 * ({@code -o short-iso}: time, host, {@code postfix/smtpd[pid]:}, message), as a mail log file
 * has them, so one parser serves both. The lines are the attacker's text as much as the
 * server's: nothing here interprets them.
 */
public final class JournalLines {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_OUTPUT = 4 * 1024 * 1024;

    private final CommandRunner commands;

    public JournalLines(CommandRunner commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** Reads this machine's journal. */
    public static JournalLines forThisMachine() {
        return new JournalLines(new ProcessCommandRunner(TIMEOUT, MAX_OUTPUT));
    }

    /**
     * The journal match of a service's log lines: the one its saslfail filter carries as
     * {@code journalmatch} (every smtpd, whatever the Postfix instance and master.cf service).
     */
    public static String match(Service service) {
        return switch (service) {
            case POSTFIX -> "_COMM=smtpd";
            case DOVECOT -> "_SYSTEMD_UNIT=dovecot.service";
        };
    }

    /**
     * The lines the services logged from {@code from} to {@code to} (whole seconds, both
     * included), oldest first; empty when journalctl is missing, fails or times out.
     */
    public List<String> between(List<Service> services, Instant from, Instant to) {
        if (services.isEmpty()) {
            return List.of();
        }
        return commands.run(command(services, from, to)).map(JournalLines::wholeLines).orElse(List.of());
    }

    static List<String> command(List<Service> services, Instant from, Instant to) {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso",
                "--since=@" + from.getEpochSecond(), "--until=@" + (to.getEpochSecond() + 1)));
        for (int i = 0; i < services.size(); i++) {
            if (i > 0) {
                argv.add("+"); // journalctl: either match
            }
            argv.add(match(services.get(i)));
        }
        return List.copyOf(argv);
    }

    /** The output's lines; a last line without its newline was cut by the output cap and is dropped. */
    static List<String> wholeLines(String output) {
        int end = output.lastIndexOf('\n');
        return end < 0 ? List.of() : output.substring(0, end).lines().toList();
    }
}
