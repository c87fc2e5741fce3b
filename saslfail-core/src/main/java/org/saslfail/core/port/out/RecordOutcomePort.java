package org.saslfail.core.port.out;

import java.util.List;
import java.util.function.Supplier;
import org.saslfail.core.model.IpPrefix;
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

    /**
     * Runs {@code decision} (read an offender's history, decide, record) as one transaction that
     * no other writer deciding about {@code key} interleaves with, in this process or another
     * (a second replay, the daemon, a fleet node on the same database): decisions about one
     * offender and its subnet are never made from stale history. Calls inside {@code decision}
     * join its transaction. A decision that fails writes nothing.
     *
     * @param key the /24 or /48 holding the offender ({@link org.saslfail.core.policy.EscalationPolicy#decisionKey})
     */
    <T> T serialised(IpPrefix key, Supplier<T> decision);
}
