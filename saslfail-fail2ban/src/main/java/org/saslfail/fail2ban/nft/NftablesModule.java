package org.saslfail.fail2ban.nft;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Clock;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.BanSetPort;

/**
 * {@code enforcement = nftables}: saslfail's tier, subnet and permanent bans are enforced by its
 * own table {@code inet saslfail} (see {@link NftablesBanSet}); fail2ban keeps the strike-1 bans
 * and lists the tier bans in jails whose action does nothing. Installs {@link FindTableModule}.
 * Needs {@link Settings} and a {@link Clock}. Does no I/O while configuring.
 */
public final class NftablesModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new FindTableModule());
        OptionalBinder.newOptionalBinder(binder(), BanSetPort.class).setBinding().to(NftablesBanSet.class);
    }

    @Provides
    @Singleton
    NftablesBanSet banSet(Settings settings, Clock clock) {
        return NftablesBanSet.of(settings, clock);
    }
}
