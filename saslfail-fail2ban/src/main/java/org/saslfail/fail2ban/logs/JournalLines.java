package org.saslfail.fail2ban.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
        addMatches(argv, services);
        return List.copyOf(argv);
    }

    private static void addMatches(List<String> argv, List<Service> services) {
        for (int i = 0; i < services.size(); i++) {
            if (i > 0) {
                argv.add("+"); // journalctl: either match
            }
            argv.add(match(services.get(i)));
        }
    }

    /**
     * What one read of the journal gave: its whole lines (oldest first), the cursor to go on from
     * (absent when nothing was read or the read had an end), and whether the output was cut by
     * {@link #MAX_OUTPUT} (then the lines stop short of the range's end).
     */
    public record Read(List<String> lines, Optional<String> cursor, boolean cut) {
        public Read {
            lines = List.copyOf(lines);
        }
    }

    private static final String CURSOR = "-- cursor: ";

    /**
     * The lines of {@code services} whose message matches {@code grep} (a PCRE2 pattern, matched
     * by journalctl itself), logged after the entry at {@code cursor}, to the end; empty when
     * journalctl failed (a cursor it does not know included).
     */
    public Optional<Read> after(List<Service> services, String grep, String cursor) {
        return read(services, grep, List.of("--after-cursor=" + cursor));
    }

    /**
     * The lines of {@code services} whose message matches {@code grep}, logged from {@code from} to
     * {@code to} (to the microsecond, both included; {@code null}: to the end); empty when
     * journalctl failed. Only a read to the end gives a cursor to go on from: with an end,
     * journalctl's cursor is the first entry after it, which a read after it would pass over.
     */
    public Optional<Read> between(List<Service> services, String grep, Instant from, Instant to) {
        if (to == null) {
            return read(services, grep, List.of("--since=" + micros(from)));
        }
        return read(services, grep, List.of("--since=" + micros(from), "--until=" + micros(to)))
                .map(r -> new Read(r.lines(), Optional.empty(), r.cut()));
    }

    private Optional<Read> read(List<Service> services, String grep, List<String> range) {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso-precise",
                "--show-cursor", "--grep=" + grep));
        argv.addAll(range);
        addMatches(argv, services);
        Optional<CommandRunner.Exit> exit = commands.exit(argv);
        if (exit.isEmpty()) {
            return Optional.empty();
        }
        Read r = read(exit.get().output());
        // exit 1 with nothing but the cursor: no entry matched the pattern; any other output is an error
        boolean ok = exit.get().code() == 0 || exit.get().code() == 1 && r.lines().isEmpty();
        return ok ? Optional.of(r) : Optional.empty();
    }

    /** The output of a {@code --show-cursor} run: the cursor line ends it when the output is whole. */
    static Read read(String output) {
        List<String> lines = new ArrayList<>(wholeLines(output));
        Optional<String> cursor = Optional.empty();
        if (!lines.isEmpty() && lines.get(lines.size() - 1).startsWith(CURSOR)) {
            cursor = Optional.of(lines.remove(lines.size() - 1).substring(CURSOR.length()).strip()).filter(c -> !c.isEmpty());
            return new Read(lines, cursor, false);
        }
        // entries were shown, so journalctl had a place to print: its cursor line was cut off
        return new Read(lines, cursor, !lines.isEmpty());
    }

    /** A journalctl time to the microsecond: {@code @SECONDS.MICROS}. */
    static String micros(Instant t) {
        return String.format(java.util.Locale.ROOT, "@%d.%06d", t.getEpochSecond(), t.getNano() / 1000);
    }

    /** The output's lines; a last line without its newline was cut by the output cap and is dropped. */
    static List<String> wholeLines(String output) {
        int end = output.lastIndexOf('\n');
        return end < 0 ? List.of() : output.substring(0, end).lines().toList();
    }
}
