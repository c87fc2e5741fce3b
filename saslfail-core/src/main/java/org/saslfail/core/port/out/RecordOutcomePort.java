package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.model.Outcome;

/** Writes decided events to the offense store, each exactly once. */
public interface RecordOutcomePort {

    /**
     * Records one outcome atomically: the event under its idempotency key, a new offense, or
     * the lift of an offense. Returns false, changing nothing, when the key was recorded before.
     */
    boolean record(Outcome outcome);

    /** Records many outcomes in one transaction; returns how many were new. */
    int recordAll(List<Outcome> outcomes);
}
