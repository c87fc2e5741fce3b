package org.saslfail.fail2ban.daemon;

import java.util.Optional;
import java.time.Clock;
import java.time.Instant;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.fail2ban.client.Fail2banClient;

/**
 * Whether bans are being enforced, for the warning in summaries: fail2ban answers {@code ping}
 * on its socket, and the daemon's heartbeat in the store is as fresh as {@code saslfail doctor}
 * wants it. Any failure to find out counts as "not running": the summary then warns loudly.
 */
public final class ServiceStatus implements ServiceStatusPort {
    private final Fail2banClient fail2ban;
    private final DaemonStore state;
    private final String node;
    private final Clock clock;

    public ServiceStatus(Fail2banClient fail2ban, DaemonStore state, String node, Clock clock) {
        this.fail2ban = fail2ban;
        this.state = state;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public boolean fail2banRunning() {
        try {
            return "pong".equals(fail2ban.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<Instant> fail2banDownSince() {
        return instant(Daemon.FAIL2BAN_DOWN_SINCE);
    }

    @Override
    public Optional<Instant> daemonLastSeen() {
        try {
            return state.heartbeat(node).map(DaemonStore.Heartbeat::beat);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Instant> watchingSince() {
        return instant(Daemon.WATCHING_SINCE);
    }

    private Optional<Instant> instant(String name) {
        try {
            return state.state(name).filter(v -> !v.isBlank()).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean daemonRunning() {
        try {
            Instant oldest = clock.instant().minus(Daemon.HEARTBEAT_FRESH);
            return state.heartbeat(node).map(h -> !h.beat().isBefore(oldest)).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
