package org.saslfail.fail2ban.daemon;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.time.Clock;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.fail2ban.client.Fail2banClient;

/**
 * Binds {@link ServiceStatusPort}: fail2ban answers on its socket, and the daemon's heartbeat
 * in the store is fresh. Needs {@link Settings}, {@link Clock}, {@link DaemonStore} and
 * {@link Fail2banClient} from other modules.
 */
public final class ServiceStatusModule extends AbstractModule {

    @Provides
    ServiceStatusPort serviceStatus(Fail2banClient client, DaemonStore state, Settings settings, Clock clock) {
        return new ServiceStatus(client, state, Daemon.node(settings), clock);
    }
}
