package org.saslfail.core.testing;

import java.time.Instant;
import java.util.Optional;
import org.saslfail.core.port.out.ServiceStatusPort;

/**
 * A {@link ServiceStatusPort} that reports what it was told; by default a daemon has watched since
 * the epoch and nothing is known about since when anything is down.
 */
public record FixedServiceStatus(boolean fail2banRunning, boolean daemonRunning, Optional<Instant> watchingSince,
                                 Optional<Instant> fail2banDownSince, Optional<Instant> daemonLastSeen)
        implements ServiceStatusPort {

    public FixedServiceStatus(boolean fail2banRunning, boolean daemonRunning) {
        this(fail2banRunning, daemonRunning, Optional.of(Instant.EPOCH), Optional.empty(), Optional.empty());
    }
}
