package org.saslfail.fail2ban;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.fail2ban.nft.FindTableModule;

/**
 * {@code enforcement = fail2ban} (the default): fail2ban's jails enforce every ban, so there is
 * no ban set of saslfail's own ({@code Optional<BanSetPort>} is empty). A table left from
 * {@code enforcement = nftables} is found ({@link FindTableModule}) and handed back to fail2ban by
 * the daemon at start.
 */
public final class Fail2banEnforcementModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new FindTableModule());
        OptionalBinder.newOptionalBinder(binder(), BanSetPort.class);
    }
}
