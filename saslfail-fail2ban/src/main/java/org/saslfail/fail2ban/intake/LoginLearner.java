package org.saslfail.fail2ban.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.LogSource;
import org.saslfail.fail2ban.logs.JournalLines;
import org.saslfail.fail2ban.logs.LogLocator;
import org.saslfail.core.model.Login;
import org.saslfail.core.port.out.KnownUserPort;

/**
 * Learns successful logins from the mail logs as they grow: each {@link #poll()} reads the lines
 * added to each file since the last one, hands the logins to the store in one write, and keeps
 * its place (file identity and byte offset) in {@link Positions}, so a restart neither reads a
 * log twice nor misses what was written meanwhile. A file seen for the first time is read from
 * its start (its logins seed the known users); a rotated or truncated file from its new start.
 * One poll reads at most {@link #MAX_BYTES_PER_POLL} per file, so a huge first read is spread
 * over several polls instead of holding up the caller. Services that log only to the systemd
 * journal are followed there ({@link #withJournal}, {@link JournalLogins}), with a journal cursor
 * kept beside the files' positions.
 */
public final class LoginLearner {
    static final int MAX_BYTES_PER_POLL = 16 * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;

    /** Where a learner keeps its place in each log between runs (a row in saslfail's store). */
    public interface Positions {
        Optional<String> load(String name);

        void save(String name, String value);

        static Positions of(Function<String, Optional<String>> load, BiConsumer<String, String> save) {
            return new Positions() {
                @Override
                public Optional<String> load(String name) {
                    return load.apply(name);
                }

                @Override
                public void save(String name, String value) {
                    save.accept(name, value);
                }
            };
        }
    }

    /**
     * Where the logins are: the log files of the enabled services (each one's {@code log.SERVICE}
     * setting, else where {@code locator} finds it), the services that log only to the journal,
     * and those whose log was not found at all.
     */
    public record Sources(List<Path> files, List<Service> journal, List<Service> missing) {
        public Sources {
            files = List.copyOf(files);
            journal = List.copyOf(journal);
            missing = List.copyOf(missing);
        }
    }

    /** Where the enabled services' logins are to be read, as the settings say or {@code locator} finds. */
    public static Sources sources(Settings settings, LogLocator locator) {
        Set<Path> files = new LinkedHashSet<>();
        List<Service> journal = new ArrayList<>();
        List<Service> missing = new ArrayList<>();
        for (Service s : settings.services()) {
            Optional<LogSource> source = settings.get("log." + s.id()).map(LogSource::parse).or(() -> locator.locate(s));
            if (source.isPresent() && source.get().file().isPresent()) {
                files.add(source.get().file().get());
            } else if (source.isPresent() && source.get().isJournal()) {
                journal.add(s);
            } else {
                missing.add(s);
            }
        }
        return new Sources(List.copyOf(files), journal, missing);
    }

    /** What one poll found. */
    public record Learned(long lines, int logins, int newRows) {
    }

    private final List<Path> files;
    private final KnownUserPort store;
    private final Positions positions;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<Path, Position> at = new LinkedHashMap<>();
    /** The services that log only to the journal, or null. */
    private final JournalLogins journal;
    /** Where the journal reads go on from; {@code null} before the first read (then it is loaded). */
    private JournalLogins.Place journalPlace;
    private boolean journalPlaceLoaded;
    private Instant nextJournalRead = Instant.MIN;

    private record Position(String fileKey, long offset) {
        static Optional<Position> parse(String text) {
            int space = text.lastIndexOf(' ');
            try {
                return Optional.of(new Position(text.substring(0, space), Long.parseLong(text.substring(space + 1))));
            } catch (RuntimeException e) {
                return Optional.empty(); // damaged: read the file again (recording a login twice changes nothing)
            }
        }

        String text() {
            return fileKey + " " + offset;
        }
    }

    /** How often the journal is asked for new logins once caught up (each read runs journalctl). */
    static final Duration JOURNAL_EVERY = Duration.ofSeconds(5);

    public LoginLearner(List<Path> files, KnownUserPort store, Positions positions, Clock clock, ZoneId zone) {
        this(files, null, store, positions, clock, zone);
    }

    private LoginLearner(List<Path> files, JournalLogins journal, KnownUserPort store, Positions positions, Clock clock,
                         ZoneId zone) {
        this.files = List.copyOf(files);
        this.journal = journal;
        this.store = Objects.requireNonNull(store, "store");
        this.positions = Objects.requireNonNull(positions, "positions");
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * This learner, reading the logins of {@code services} from the journal too (they log only
     * there); a first start reads the journal from {@code seed} before now.
     */
    public LoginLearner withJournal(JournalLines lines, List<Service> services, Duration seed) {
        return new LoginLearner(files, services.isEmpty() ? null : new JournalLogins(lines, services, seed, clock, zone),
                store, positions, clock, zone);
    }

    public List<Path> files() {
        return files;
    }

    /** The services whose logins come from the journal. */
    public List<Service> journalServices() {
        return journal == null ? List.of() : journal.services();
    }

    /** Reads what the logs gained since the last poll and records its logins. */
    public Learned poll() throws IOException {
        long lines = 0;
        List<Login> logins = new ArrayList<>();
        Map<Path, Position> moved = new LinkedHashMap<>();
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                continue;
            }
            BasicFileAttributes attrs = Files.readAttributes(f, BasicFileAttributes.class);
            String key = String.valueOf(attrs.fileKey());
            Position p = at.computeIfAbsent(f, x -> positions.load(name(x)).flatMap(Position::parse)
                    .orElse(new Position(key, 0)));
            long start = p.fileKey().equals(key) && p.offset() <= attrs.size() ? p.offset() : 0;
            if (start == attrs.size()) {
                continue;
            }
            LoginLines parser = new LoginLines(zone, clock.instant());
            long[] read = new long[2];
            long end = read(f, start, parser, logins, read);
            lines += read[0];
            moved.put(f, new Position(key, end));
        }
        JournalLogins.Batch fromJournal = readJournal();
        if (fromJournal != null) {
            lines += fromJournal.lines();
            logins.addAll(fromJournal.logins());
        }
        int fresh = logins.isEmpty() ? 0 : store.recordLogins(logins);
        // only once the logins are stored: a crash in between reads the lines again
        moved.forEach((f, p) -> {
            at.put(f, p);
            positions.save(name(f), p.text());
        });
        if (fromJournal != null && fromJournal.next() != null) {
            journalPlace = fromJournal.next();
            positions.save(JournalLogins.STATE, journalPlace.text());
        }
        return new Learned(lines, logins.size(), fresh);
    }

    /** The journal's new lines when it is time to read them (at once while catching up), else null. */
    private JournalLogins.Batch readJournal() throws IOException {
        Instant now = clock.instant();
        if (journal == null || now.isBefore(nextJournalRead)) {
            return null;
        }
        if (!journalPlaceLoaded) {
            journalPlace = positions.load(JournalLogins.STATE).flatMap(JournalLogins.Place::parse).orElse(null);
            journalPlaceLoaded = true;
        }
        nextJournalRead = now.plus(JOURNAL_EVERY); // a failed read is tried again then, not at every poll
        JournalLogins.Batch b = journal.read(journalPlace);
        if (b.more()) {
            nextJournalRead = now;
        }
        return b;
    }

    /** Reads whole lines from {@code start}, at most {@link #MAX_BYTES_PER_POLL}; returns the offset after the last whole line. */
    private static long read(Path f, long start, LoginLines parser, List<Login> out, long[] counts) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ch.position(start);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long consumed = start;
            long budget = MAX_BYTES_PER_POLL;
            while (budget > 0) {
                int n = ch.read(buf);
                if (n <= 0) {
                    break;
                }
                budget -= n;
                buf.flip();
                byte[] a = buf.array();
                int lineStart = 0;
                int limit = buf.limit();
                for (int i = 0; i < limit; i++) {
                    if (a[i] == '\n') {
                        int len = i - lineStart;
                        if (len <= LoginLines.MAX_LINE) {
                            // Latin-1 is a plain copy: decode UTF-8 only for the few lines that may be logins
                            String raw = new String(a, lineStart, len, StandardCharsets.ISO_8859_1);
                            if (LoginLines.candidate(raw)) {
                                parser.parse(new String(a, lineStart, len, StandardCharsets.UTF_8)).ifPresent(out::add);
                            }
                        }
                        counts[0]++;
                        lineStart = i + 1;
                    }
                }
                consumed += lineStart;
                if (lineStart == 0 && limit == buf.capacity()) {
                    // a line longer than the buffer: skip it whole, it is no login line
                    consumed += limit;
                    buf.clear();
                    continue;
                }
                buf.position(lineStart);
                buf.compact();
            }
            return consumed;
        }
    }

    /** The state name of a file's position: its path, cut to the 64 characters a name may have. */
    static String name(Path f) {
        String n = "logins " + f;
        return n.length() <= 64 ? n : n.substring(0, 55) + "~" + String.format("%08x", f.toString().hashCode());
    }
}
