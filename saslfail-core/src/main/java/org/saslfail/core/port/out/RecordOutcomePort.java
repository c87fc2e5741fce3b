package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.SparedSubnet;

/** Writes decided events to the offense store, each exactly once. */
public interface RecordOutcomePort {

    /**
     * Records one outcome atomically: the event under its idempotency key, a new offense, or
     * the lift of an offense. Returns false, changing nothing, when the key was recorded before.
     */
    boolean record(Outcome outcome);

    /** Records many outcomes in one transaction; returns how many were new. */
    int recordAll(List<Outcome> outcomes);

    /**
     * Records that a subnet reached the subnet threshold but was spared (it holds an ignored
     * address). One record per subnet per UTC day of {@code spared.first()}: a second call for the
     * same subnet and day widens its first/last times and keeps the larger offender count, so
     * recording the same fact twice changes nothing.
     *
     * @return true when this subnet had no record for that day yet
     */
    boolean recordSpared(SparedSubnet spared);
}
