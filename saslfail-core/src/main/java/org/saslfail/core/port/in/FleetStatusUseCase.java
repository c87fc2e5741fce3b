package org.saslfail.core.port.in;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.port.out.DaemonStore.Heartbeat;

/** How a fleet sharing one store is doing: each node's heartbeat, how far behind it applies decisions, its pending jail commands. */
public interface FleetStatusUseCase {

    /** @param fresh how old a heartbeat may be while its daemon counts as running */
    record FleetStatusQuery(Instant now, Duration fresh) {
    }

    /**
     * One node, known from its heartbeat or its progress in the decision log.
     *
     * @param heartbeat its daemon's last heartbeat (its pending jail commands among it); empty: none on record
     * @param appliedId the newest decision it has seen (0: none)
     * @param behind    decisions committed after {@code appliedId}
     * @param lag       how long the oldest of those has waited (zero when none waits); empty when the node never applied any
     */
    record NodeStatus(String node, Optional<Heartbeat> heartbeat, boolean alive, long appliedId,
                      Optional<Instant> appliedAt, long behind, Optional<Duration> lag) {
    }

    record FleetStatus(Instant at, long newest, List<NodeStatus> nodes) {
    }

    FleetStatus status(FleetStatusQuery query);
}
