package org.saslfail.installer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.saslfail.core.legacy.LegacyFormat;
import org.saslfail.core.legacy.LegacyImporter;
import org.saslfail.core.legacy.LegacyRow;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.store.OffenseStore;

/**
 * Imports the bash original's history file into the offense store, shared by
 * {@code saslfail import-legacy} and {@code saslfail upgrade-from-legacy}: a first pass checks
 * every row, a second converts in file order and records in batches (idempotent).
 */
public final class LegacyHistoryImport {
    private static final int BATCH = 20_000;

    private final Path file;
    private final ZoneId zone;
    private final Instant now;

    /** @param now the import's clock: rows later than it (beyond a small tolerance) are bad rows */
    public LegacyHistoryImport(Path file, ZoneId zone, Instant now) {
        this.file = file;
        this.zone = zone;
        this.now = now;
    }

    /** What the first pass found: the number of rows and the rows that do not parse. */
    public record Check(long rows, List<LegacyFormat.Bad> bad) {
    }

    /** What the import did, per outcome. */
    public record Summary(long rows, long recorded, Map<Result, Long> counts) {
        public long count(Result r) {
            return counts.getOrDefault(r, 0L);
        }

        /** Rows already in the store (ignored addresses are neither recorded nor present). */
        public long alreadyPresent() {
            return rows - recorded - count(Result.IGNORED);
        }
    }

    /** Reads every row without writing anything. */
    public Check check() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException("cannot read legacy history " + file
                    + (Files.exists(file) ? " (not a readable file)" : " (no such file)"));
        }
        List<LegacyFormat.Bad> bad = new ArrayList<>();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                LegacyFormat.Parsed p = LegacyFormat.parse(++n, line, zone, now);
                if (p instanceof LegacyFormat.Bad b) {
                    bad.add(b);
                } else if (p instanceof LegacyFormat.Row) {
                    rows++;
                }
            }
        } catch (MalformedInputException e) {
            throw new BadInputException(file + " is not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Check(rows, bad);
    }

    /**
     * Records the rows that parse (bad rows are skipped: call {@link #check} first to refuse
     * them); {@code progress} hears the number of rows done after each batch.
     */
    public Summary importInto(OffenseStore store, EscalationPolicy policy, LongConsumer progress) {
        LegacyImporter importer = new LegacyImporter(policy);
        Map<Result, Long> counts = new EnumMap<>(Result.class);
        List<LegacyRow> batch = new ArrayList<>(BATCH);
        long rows = 0;
        long recorded = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                if (LegacyFormat.parse(++n, line, zone, now) instanceof LegacyFormat.Row r) {
                    batch.add(r.row());
                    rows++;
                    if (batch.size() == BATCH) {
                        recorded += flush(importer, batch, store, counts);
                        batch.clear();
                        progress.accept(rows);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        recorded += flush(importer, batch, store, counts);
        return new Summary(rows, recorded, counts);
    }

    private static int flush(LegacyImporter importer, List<LegacyRow> batch, OffenseStore store,
                             Map<Result, Long> counts) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Outcome> outcomes = importer.convertAll(batch);
        for (Outcome o : outcomes) {
            counts.merge(o.result(), 1L, Long::sum);
        }
        // ignored addresses are never recorded, so they are neither "recorded" nor "already present"
        return store.recordAll(outcomes.stream().filter(o -> o.result() != Result.IGNORED).toList());
    }
}
