package org.saslfail.cli;

import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saslfail.core.legacy.LegacyFormat;
import org.saslfail.core.legacy.LegacyImporter;
import org.saslfail.core.legacy.LegacyRow;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.store.OffenseStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import-legacy", mixinStandardHelpOptions = true,
        description = {
            "Import the bash original's history file (" + LegacyFormat.HEADER + ").",
            "ban rows become offenses at their strike; restore rows are never offenses; unban rows end the running ban.",
            "The whole file is checked first: rows that do not parse are listed by line number and nothing is",
            "imported unless --skip-bad is given. Importing the same file again changes nothing."})
final class ImportLegacyCommand implements Callable<Integer> {
    private static final int BATCH = 20_000;
    private static final int MAX_LISTED = 20;

    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    @Parameters(paramLabel = "FILE", description = "The history file, usually /var/lib/saslfail/bans.db.")
    Path file;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of 'YYYY-MM-DD HH:MM:SS' timestamps (default: this machine's).")
    String tz;

    @Option(names = "--skip-bad", description = "Import the rows that parse and report the others, instead of importing nothing.")
    boolean skipBad;

    private final Clock clock;

    @Inject
    ImportLegacyCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        ZoneId zone;
        try {
            zone = tz == null ? ZoneId.systemDefault() : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new UsageException("--tz: unknown time zone '" + tz + "'");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("cannot read legacy history " + file + (Files.exists(file) ? " (not a readable file)" : " (no such file)"));
        }
        PrintWriter err = spec.commandLine().getErr();
        // pass 1: check every row before anything is written
        List<LegacyFormat.Bad> bad = new ArrayList<>();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                LegacyFormat.Parsed p = LegacyFormat.parse(++n, line, zone);
                if (p instanceof LegacyFormat.Bad b) {
                    bad.add(b);
                } else if (p instanceof LegacyFormat.Row) {
                    rows++;
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UsageException(file + " is not a text file (invalid UTF-8)");
        }
        for (LegacyFormat.Bad b : bad.subList(0, Math.min(MAX_LISTED, bad.size()))) {
            err.println(file + ", line " + b.line() + ": " + b.problem());
        }
        if (bad.size() > MAX_LISTED) {
            err.println("… and " + (bad.size() - MAX_LISTED) + " more bad rows");
        }
        if (!bad.isEmpty() && !skipBad) {
            throw new UsageException(bad.size() + " row" + (bad.size() == 1 ? "" : "s") + " of " + file
                    + " did not parse; nothing was imported (fix them, or use --skip-bad to import the rest)");
        }
        // pass 2: convert in file order and record in batches
        Map<Result, Long> counts = new EnumMap<>(Result.class);
        long recorded = 0;
        Progress progress = new Progress(err, rows, !json.json && System.console() != null);
        try (App app = App.open(common, clock)) {
            EscalationPolicy policy = app.get(EscalationPolicy.class);
            OffenseStore store = app.store();
            LegacyImporter importer = new LegacyImporter(policy);
            List<LegacyRow> batch = new ArrayList<>(BATCH);
            long done = 0;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    if (LegacyFormat.parse(++n, line, zone) instanceof LegacyFormat.Row r) {
                        batch.add(r.row());
                        if (batch.size() == BATCH) {
                            recorded += flush(importer, batch, store, counts);
                            done += BATCH;
                            batch.clear();
                            progress.show(done);
                        }
                    }
                }
            }
            recorded += flush(importer, batch, store, counts);
            progress.done();
            var out = spec.commandLine().getOut();
            if (json.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("database", store.location());
                m.put("rows", rows);
                m.put("recorded", recorded);
                m.put("already_present", rows - recorded - counts.getOrDefault(Result.IGNORED, 0L));
                m.put("offenses", counts.getOrDefault(Result.OFFENSE, 0L));
                m.put("restores", counts.getOrDefault(Result.RESTORE, 0L));
                m.put("unbans", counts.getOrDefault(Result.UNBAN, 0L));
                m.put("ignored", counts.getOrDefault(Result.IGNORED, 0L));
                m.put("bad_rows_skipped", bad.size());
                out.println(Json.write(m));
            } else {
                out.printf("Imported %s into %s%n", file, store.location());
                out.printf("Rows:                 %d%n", rows);
                out.printf("Newly recorded:       %d%n", recorded);
                out.printf("Already present:      %d%n", rows - recorded - counts.getOrDefault(Result.IGNORED, 0L));
                out.printf("  offenses:           %d%n", counts.getOrDefault(Result.OFFENSE, 0L));
                out.printf("  restores:           %d%n", counts.getOrDefault(Result.RESTORE, 0L));
                out.printf("  unbans:             %d%n", counts.getOrDefault(Result.UNBAN, 0L));
                out.printf("  ignored addresses:  %d%n", counts.getOrDefault(Result.IGNORED, 0L));
                out.printf("Bad rows skipped:     %d%n", bad.size());
            }
            return 0;
        }
    }

    private static int flush(LegacyImporter importer, List<LegacyRow> batch, OffenseStore store, Map<Result, Long> counts) {
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

    /** A one-line progress bar on the terminal's error stream, only when it is a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final long total;
        private final boolean on;

        Progress(PrintWriter err, long total, boolean on) {
            this.err = err;
            this.total = total;
            this.on = on && total > 0;
        }

        void show(long done) {
            if (on) {
                int pct = (int) (done * 100 / total);
                int bars = pct / 4;
                err.printf("\r[%s%s] %3d%% %d/%d rows", "#".repeat(bars), " ".repeat(25 - bars), pct, done, total);
                err.flush();
            }
        }

        void done() {
            if (on) {
                show(total);
                err.println();
            }
        }
    }
}
