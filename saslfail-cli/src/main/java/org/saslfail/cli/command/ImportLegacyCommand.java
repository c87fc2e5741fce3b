package org.saslfail.cli.command;

import org.saslfail.cli.output.JsonSchema;
import org.saslfail.cli.UsageException;
import org.saslfail.cli.output.Json;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saslfail.core.legacy.LegacyFormat;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.installer.LegacyHistoryImport;
import org.saslfail.store.OffenseStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import-legacy", mixinStandardHelpOptions = true,
        description = {
            "Import the history file of the bash original (ban-tracker.sh).",
            "The file has the header " + LegacyFormat.HEADER + ". ban rows become offenses at their strike; restore rows are never offenses; unban rows end the running ban.",
            "The whole file is checked first: rows that do not parse are listed by line number and nothing is imported unless --skip-bad is given. Importing the same file again changes nothing."})
public final class ImportLegacyCommand implements Callable<Integer> {
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
    public Integer call() {
        ZoneId zone;
        try {
            zone = tz == null ? ZoneId.systemDefault() : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new UsageException("--tz: unknown time zone '" + tz + "'");
        }
        PrintWriter err = spec.commandLine().getErr();
        LegacyHistoryImport history = new LegacyHistoryImport(file, zone, clock.instant());
        // pass 1: check every row before anything is written
        LegacyHistoryImport.Check check = history.check();
        List<LegacyFormat.Bad> bad = check.bad();
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
        Progress progress = new Progress(err, check.rows(), !json.json && System.console() != null);
        try (App app = App.open(common, clock)) {
            OffenseStore store = app.store();
            LegacyHistoryImport.Summary s = history.importInto(store, app.get(EscalationPolicy.class), progress::show);
            progress.done();
            var out = spec.commandLine().getOut();
            // one list feeds both views, so the text and the JSON cannot drift apart
            List<Object[]> figures = List.of(
                    new Object[] {"Rows:                 ", "rows", (long) s.rows()},
                    new Object[] {"Newly recorded:       ", "recorded", (long) s.recorded()},
                    new Object[] {"Already present:      ", "already_present", (long) s.alreadyPresent()},
                    new Object[] {"  offenses:           ", "offenses", (long) s.count(Result.OFFENSE)},
                    new Object[] {"  restores:           ", "restores", (long) s.count(Result.RESTORE)},
                    new Object[] {"  unbans:             ", "unbans", (long) s.count(Result.UNBAN)},
                    new Object[] {"  ignored addresses:  ", "ignored", (long) s.count(Result.IGNORED)},
                    new Object[] {"Bad rows skipped:     ", "bad_rows_skipped", (long) bad.size()});
            if (json.json) {
                Map<String, Object> m = JsonSchema.document("import-legacy");
                m.put("database", store.location());
                figures.forEach(f -> m.put((String) f[1], f[2]));
                out.println(Json.write(m));
            } else {
                out.printf("Imported %s into %s%n", file, store.location());
                figures.forEach(f -> out.println(f[0] + String.valueOf(f[2])));
            }
            return 0;
        }
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
