package org.saslfail.fail2ban.intake;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.logs.JournalLines;

/**
 * The successful logins of the mail services that log only to the systemd journal (a stock
 * Debian 12 has no syslog daemon), for {@link LoginLearner}. Each read asks journalctl for the
 * lines that may be logins ({@link LoginLines#CANDIDATE_PATTERN}, matched by the journal itself)
 * after the place the learner keeps in saslfail's store under {@link #STATE}: a journal cursor,
 * so a restart neither reads an entry twice nor misses what was logged meanwhile.
 *
 * <p>Where there is no cursor to go on from, the reads go by time: on a first start from
 * {@code seed} before now (the known-user window: older logins would be forgotten at once),
 * {@link #SLICE} at a time; the last slice reads to the end of the journal, and the cursor it gives
 * is where the next read goes on from. (A read with an end gives no cursor to go on from:
 * journalctl's is the first entry after the end.) A read cut at journalctl's output cap goes on
 * from the microsecond of its last line (reading a login twice changes nothing).
 */
final class JournalLogins {
    /** The name of the place in the store's state. */
    static final String STATE = "logins journal";
    static final Duration SLICE = Duration.ofDays(1);
    /** What a kept cursor may look like (journald's own form: {@code s=…;i=…;b=…;m=…;t=…;x=…}); the store keeps 500 characters. */
    private static final Pattern CURSOR = Pattern.compile("[0-9A-Za-z=;_-]{1,450}");

    /** Where the next read goes on from: after a cursor, or from an instant. */
    record Place(String cursor, Instant since) {
        static Place after(String cursor) {
            return new Place(cursor, null);
        }

        static Place from(Instant since) {
            return new Place(null, since);
        }

        /** A kept place; a damaged one is none (the learner starts over from the seed: harmless). */
        static Optional<Place> parse(String text) {
            if (text.startsWith("cursor ") && CURSOR.matcher(text.substring(7)).matches()) {
                return Optional.of(after(text.substring(7)));
            }
            if (text.startsWith("since ")) {
                try {
                    long micros = Long.parseLong(text.substring(6));
                    return Optional.of(from(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L))));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        String text() {
            if (cursor != null) {
                return "cursor " + cursor;
            }
            return "since " + Math.addExact(Math.multiplyExact(since.getEpochSecond(), 1_000_000L), since.getNano() / 1000);
        }
    }

    /**
     * What one read found: how many lines, their logins, the place to keep once those are stored
     * ({@code null}: keep the old one), and whether more is waiting at once (a first start catching up).
     */
    record Batch(long lines, List<Login> logins, Place next, boolean more) {
    }

    private final JournalLines journal;
    private final List<Service> services;
    private final Duration seed;
    private final Clock clock;
    private final ZoneId zone;

    JournalLogins(JournalLines journal, List<Service> services, Duration seed, Clock clock, ZoneId zone) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.services = List.copyOf(services);
        this.seed = Objects.requireNonNull(seed, "seed");
        this.clock = clock;
        this.zone = zone;
    }

    List<Service> services() {
        return services;
    }

    /** Reads on from {@code kept} ({@code null}: a first start). Throws when journalctl failed, so the place stays. */
    Batch read(Place kept) throws IOException {
        Instant now = clock.instant();
        Place place = kept != null ? kept : Place.from(now.minus(seed));
        LoginLines parser = new LoginLines(zone, now);
        if (place.cursor() != null) {
            JournalLines.Read r = journal.after(services, LoginLines.CANDIDATE_PATTERN, place.cursor())
                    .orElseThrow(() -> new IOException("journalctl could not read the journal after " + STATE + " '"
                            + place.cursor() + "'"));
            if (r.cut()) {
                // cut at the output cap: go on from the last line read
                return batch(r, parser, lastTime(r, parser).map(Place::from).orElse(null), true);
            }
            return batch(r, parser, cursor(r).orElse(null), false);
        }
        // the last slice reads to the end, and its cursor is where the next read goes on from
        Instant end = place.since().plus(SLICE);
        boolean last = !end.isBefore(now);
        JournalLines.Read r = journal.between(services, LoginLines.CANDIDATE_PATTERN, place.since(), last ? null : end)
                .orElseThrow(() -> new IOException("journalctl could not read the journal from " + place.since()));
        if (r.cut()) {
            return batch(r, parser, lastTime(r, parser).filter(t -> t.isAfter(place.since())).map(Place::from)
                    .orElse(last ? null : Place.from(end)), true);
        }
        if (last) {
            // no cursor: nothing logged since, so the next read starts at the same place
            return batch(r, parser, cursor(r).orElse(null), false);
        }
        return batch(r, parser, Place.from(end), true);
    }

    private static Optional<Place> cursor(JournalLines.Read r) {
        return r.cursor().filter(c -> CURSOR.matcher(c).matches()).map(Place::after);
    }

    private static Batch batch(JournalLines.Read r, LoginLines parser, Place next, boolean more) {
        List<Login> logins = new ArrayList<>();
        for (String line : r.lines()) {
            if (LoginLines.candidate(line)) {
                parser.parse(line).ifPresent(logins::add);
            }
        }
        return new Batch(r.lines().size(), logins, next, more);
    }

    /** The time of the last line that has one. */
    private static Optional<Instant> lastTime(JournalLines.Read r, LoginLines parser) {
        for (int i = r.lines().size() - 1; i >= 0; i--) {
            Optional<Instant> t = parser.timeOf(r.lines().get(i));
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }
}
