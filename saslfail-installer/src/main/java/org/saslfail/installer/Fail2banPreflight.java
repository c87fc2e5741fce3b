package org.saslfail.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * fail2ban's configuration as it is, checked before saslfail changes anything: whether
 * {@code fail2ban-client -t} accepts it and, when it does not, which jail fails and why. The one
 * failure it can mend is stock Debian 12's: a jail (sshd) whose log file does not exist on a
 * system that logs only to the systemd journal; the mend puts that jail on
 * {@code backend = systemd} in a file of its own under {@code jail.d/}.
 */
final class Fail2banPreflight {
    /** How many jails without a log file one run mends at most (fail2ban names one per test). */
    private static final int MAX_JAILS = 20;
    private static final Pattern NO_LOG = Pattern.compile("Have not found any log file for (\\S+) jail");
    private static final Pattern JAIL_ERRORS = Pattern.compile("Errors in jail '([^']+)'");

    /**
     * The outcome of the check.
     *
     * @param journalJails jails that fail only for want of a log file on a journal-only system
     * @param problem      what fail2ban rejects that saslfail does not mend (after those jails are mended)
     */
    record Result(List<String> journalJails, Optional<String> problem) {
        boolean ok() {
            return journalJails.isEmpty() && problem.isEmpty();
        }
    }

    private static final String HEADER = "# Written by 'saslfail install'";

    private final Commands commands;

    Fail2banPreflight(Commands commands) {
        this.commands = commands;
    }

    /** Tests {@code configDir} as it is; jails without log files are tried on the journal in a scratch copy. */
    Result check(Path configDir) {
        Processes.Run first = test(configDir);
        if (first.code() == 0) {
            return new Result(List.of(), Optional.empty());
        }
        if (noLogJail(first).isEmpty() || !commands.systemdRunning()) {
            return new Result(List.of(), Optional.of(describe(first)));
        }
        Path scratch = copy(configDir);
        try {
            List<String> jails = new ArrayList<>();
            Processes.Run run = first;
            for (Optional<String> jail = noLogJail(run); jail.isPresent() && jails.size() < MAX_JAILS; jail = noLogJail(run)) {
                if (jails.contains(jail.get())) {
                    break;
                }
                jails.add(jail.get());
                writeFix(scratch, jail.get(), Instant.EPOCH);
                run = test(scratch);
            }
            return new Result(jails, run.code() == 0 ? Optional.empty() : Optional.of(describe(run)));
        } finally {
            delete(scratch);
        }
    }

    /** Whether fail2ban can read the journal here (python3-systemd, for the Python fail2ban runs on). */
    boolean journalReadable() {
        return commands.run(List.of(fail2banPython(), "-c", "import systemd.journal")).code() == 0;
    }

    /** The interpreter in fail2ban-server's #! line: another python3 on the PATH may lack its modules. */
    private static String fail2banPython() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path server = Path.of(dir.isEmpty() ? "." : dir, "fail2ban-server");
            if (Files.isRegularFile(server)) {
                try (var in = Files.newBufferedReader(server, StandardCharsets.ISO_8859_1)) {
                    String first = in.readLine();
                    if (first != null && first.startsWith("#!/") && !first.contains(" ")) {
                        return first.substring(2);
                    }
                } catch (IOException e) {
                    break;
                }
                break;
            }
        }
        return "python3";
    }

    /** The file under {@code jail.d/} that puts {@code jail} on the journal. */
    static Path fixFile(Path configDir, String jail) {
        return configDir.resolve("jail.d").resolve(jail + "-journal.local");
    }

    /** Writes the mend for {@code jail}; a {@code .local} file wins over the packaged {@code jail.d/*.conf}. */
    static Path writeFix(Path configDir, String jail, Instant when) {
        Path file = fixFile(configDir, jail);
        Installer.writeAtomically(file, HEADER + " (" + when + "): this system logs only to the\n"
                + "# systemd journal, so the " + jail + " jail reads it there instead of a log file that\n"
                + "# does not exist. Needs python3-systemd. Delete this file to undo.\n"
                + "[" + jail + "]\nbackend = systemd\n", "rw-r--r--");
        return file;
    }

    /** The mends written by {@link #writeFix} that are still in {@code configDir}, with their bytes. */
    static Map<Path, byte[]> writtenFixes(Path configDir) {
        Map<Path, byte[]> fixes = new TreeMap<>();
        Path jailD = configDir.resolve("jail.d");
        if (!Files.isDirectory(jailD)) {
            return fixes;
        }
        try (Stream<Path> files = Files.list(jailD)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith("-journal.local")).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                if (new String(bytes, StandardCharsets.UTF_8).startsWith(HEADER)) {
                    fixes.put(p, bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jailD + ": " + e.getMessage(), e);
        }
        return fixes;
    }

    private Processes.Run test(Path configDir) {
        return commands.run(List.of("fail2ban-client", "-c", configDir.toString(), "-t"));
    }

    private static Optional<String> noLogJail(Processes.Run run) {
        if (run.code() == 0) {
            return Optional.empty();
        }
        Matcher m = NO_LOG.matcher(run.output());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** fail2ban's first error, led by the jail it names when it names one. */
    private static String describe(Processes.Run run) {
        String error = run.firstError();
        Matcher noLog = NO_LOG.matcher(error);
        if (noLog.find()) {
            return "jail " + noLog.group(1) + ": " + error + " (and this system has no systemd journal to read instead)";
        }
        Matcher m = JAIL_ERRORS.matcher(run.output());
        return m.find() ? "jail " + m.group(1) + ": " + error : error;
    }

    private static Path copy(Path configDir) {
        try {
            Path scratch = Files.createTempDirectory("saslfail-preflight-");
            try (Stream<Path> all = Files.walk(configDir)) {
                for (Path p : all.toList()) {
                    Path to = scratch.resolve(configDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + configDir + " to test it: " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a scratch directory left in /tmp is harmless
        }
    }
}
