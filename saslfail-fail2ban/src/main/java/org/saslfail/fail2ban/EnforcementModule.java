package org.saslfail.fail2ban;

import com.google.inject.AbstractModule;
import org.saslfail.core.config.Settings;
import org.saslfail.fail2ban.nft.NftablesModule;

/**
 * The enforcement backend named by {@code enforcement}: choosing the backend is choosing its module
 * ({@link NftablesModule} or {@link Fail2banEnforcementModule}); either binds {@code Optional<BanSetPort>}.
 */
public final class EnforcementModule extends AbstractModule {
    private final Settings settings;

    public EnforcementModule(Settings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        install("nftables".equals(settings.require("enforcement")) ? new NftablesModule() : new Fail2banEnforcementModule());
    }
}
