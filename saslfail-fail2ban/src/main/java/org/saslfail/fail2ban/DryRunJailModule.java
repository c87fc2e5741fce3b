package org.saslfail.fail2ban;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.fail2ban.client.DryRunJailGateway;

/** Binds {@link JailGateway} to a gateway that only records what it would do (for {@code saslfail replay}). */
public final class DryRunJailModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(DryRunJailGateway.class).in(Singleton.class);
        bind(JailGateway.class).to(DryRunJailGateway.class);
    }
}
