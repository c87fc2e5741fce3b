package org.saslfail.fail2ban;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;
import org.saslfail.core.config.Keys;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.config.JailConfigWriter;

/**
 * Wires the fail2ban adapter: the {@link JailGateway} over fail2ban's control socket named by
 * {@code fail2ban.socket}, the client itself (for status and doctor checks) also as the {@link JailAdminPort} of the admin
 * commands, and the jail
 * config writer. Needs {@link Settings} bound elsewhere. Does no I/O while configuring.
 */
public final class Fail2banModule extends AbstractModule {

    @Provides
    @Singleton
    Fail2banClient client(Settings settings) {
        return new Fail2banClient(Path.of(settings.require("fail2ban.socket")), Fail2banClient.DEFAULT_TIMEOUT,
                Fail2banClient.DEFAULT_TIMEOUT, Keys.size(settings.require("fail2ban.max_reply")));
    }

    @Provides
    @Singleton
    JailGateway gateway(Fail2banClient client) {
        return client.gateway();
    }

    @Provides
    JailAdminPort jailAdmin(Fail2banClient client) {
        return client;
    }

    @Provides
    JailConfigWriter jailConfigWriter(Settings settings) {
        return new JailConfigWriter(settings);
    }
}
