package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.Set;
import org.saslfail.core.model.JailName;

/**
 * Makes the jails hold every ban the store says is running: bans what a jail lacks (e.g. after
 * fail2ban lost its database), lifts tier offenders from the strike-1 jails, lifts what the ignore
 * list now spares, and bans nothing twice.
 */
public interface ReconcileUseCase {

    /** @param now the instant whose running bans the jails must hold */
    record ReconcileCommand(Instant now) {
    }

    /**
     * What one reconciliation changed.
     *
     * @param missingJails jails a running ban needs that do not run (their bans are kept pending)
     */
    record Reconciled(int banned, int liftedFromStrikeOne, int alreadyEnforced, Set<JailName> missingJails) {
        public Reconciled {
            missingJails = Set.copyOf(missingJails);
        }
    }

    /** @throws org.saslfail.core.port.out.JailUnavailableException when the jails cannot be read */
    Reconciled reconcile(ReconcileCommand command);
}
