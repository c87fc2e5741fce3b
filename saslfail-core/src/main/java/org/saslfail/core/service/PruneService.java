package org.saslfail.core.service;

import org.saslfail.core.config.Settings;
import org.saslfail.core.policy.Retention;
import org.saslfail.core.port.in.PruneUseCase;
import org.saslfail.core.port.out.PrunePort;

/** Prunes the store batch by batch (each its own short transaction) until nothing is left to prune. */
public final class PruneService implements PruneUseCase {
    private final Retention retention;
    private final PrunePort store;

    public PruneService(Retention retention, PrunePort store) {
        this.retention = retention;
        this.store = store;
    }

    /** The prune with the configured {@code retention} (never shorter than {@code forget_after}). */
    public static PruneService configured(Settings settings, PrunePort store) {
        return new PruneService(new Retention(settings.retention(), settings.duration("forget_after")), store);
    }

    @Override
    public Pruned prune(PruneCommand command) {
        var cutoff = retention.cutoff(command.now());
        if (command.dryRun()) {
            return store.countPrunable(cutoff, command.now());
        }
        long offenses = 0;
        long events = 0;
        long spared = 0;
        Pruned batch;
        do {
            batch = store.pruneBatch(cutoff, command.now(), Retention.BATCH);
            offenses += batch.offenses();
            events += batch.events();
            spared += batch.sparedSubnets();
        } while (batch.offenses() == Retention.BATCH || batch.events() == Retention.BATCH
                || batch.sparedSubnets() == Retention.BATCH);
        if (offenses + events + spared > 0) {
            store.reclaimSpace();
        }
        return new Pruned(cutoff, offenses, events, spared, false);
    }
}
