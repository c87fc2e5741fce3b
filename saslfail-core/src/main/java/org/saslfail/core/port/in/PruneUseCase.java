package org.saslfail.core.port.in;

import java.time.Instant;

/** Deletes what the retention no longer keeps, in small batches, then gives the space back. */
public interface PruneUseCase {

    /** @param now the instant the retention is measured from; @param dryRun count only, delete nothing */
    record PruneCommand(Instant now, boolean dryRun) {
    }

    /** What was (or, in a dry run, would be) deleted: records older than {@code cutoff}. */
    record Pruned(Instant cutoff, long offenses, long events, long sparedSubnets, boolean dryRun) {
        public long total() {
            return offenses + events + sparedSubnets;
        }

        /** One sentence for the command's output and the daemon's log. */
        public String describe() {
            return (dryRun ? "Would delete " : "Deleted ") + offenses + " offenses, " + events + " events and "
                    + sparedSubnets + " spared-subnet records from before " + cutoff
                    + (dryRun ? " (dry run: nothing changed)." : ".");
        }
    }

    Pruned prune(PruneCommand command);
}
