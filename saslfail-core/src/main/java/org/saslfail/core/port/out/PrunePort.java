package org.saslfail.core.port.out;

import java.time.Instant;
import org.saslfail.core.port.in.PruneUseCase.Pruned;

/** Deletes old records from the store. Offenses whose ban runs at {@code now} are never deleted. */
public interface PrunePort {

    /** What {@link #pruneBatch} would delete, counted without deleting. */
    Pruned countPrunable(Instant cutoff, Instant now);

    /**
     * Deletes at most {@code limit} rows of each kind that began before {@code cutoff}, in one
     * short transaction: offenses whose ban no longer runs at {@code now}, the events of no kept
     * offense, spared-subnet records, and offenders left without any offense.
     *
     * @return how many of each kind it deleted
     */
    Pruned pruneBatch(Instant cutoff, Instant now, int limit);

    /** Gives the freed space back to the file system (SQLite incremental vacuum); a no-op where the server does it. */
    void reclaimSpace();
}
