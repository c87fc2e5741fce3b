package org.saslfail.core.port.out;

import java.time.Instant;
import java.util.Optional;

/** Whether the parts that enforce bans are running, and since when, for the warning in summaries. */
public interface ServiceStatusPort {

    boolean fail2banRunning();

    boolean daemonRunning();

    /** Since when the daemon has found fail2ban unreachable, when it has (empty: reachable, or not known). */
    default Optional<Instant> fail2banDownSince() {
        return Optional.empty();
    }

    /** The daemon's last heartbeat (empty: it never ran on this store). */
    default Optional<Instant> daemonLastSeen() {
        return Optional.empty();
    }

    /**
     * Since when a daemon has watched this store's history: the start of its first run. A summary
     * covers only periods that end after it (empty: no daemon ever ran, no period was watched).
     */
    default Optional<Instant> watchingSince() {
        return Optional.empty();
    }
}
