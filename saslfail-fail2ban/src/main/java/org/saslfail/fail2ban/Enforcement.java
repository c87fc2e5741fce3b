package org.saslfail.fail2ban;

import com.google.inject.Module;
import org.saslfail.core.config.Settings;
import org.saslfail.fail2ban.nft.NftablesModule;

/** The enforcement backend named by {@code enforcement}: choosing the backend is choosing its module. */
public final class Enforcement {
    private Enforcement() {
    }

    public static Module module(Settings settings) {
        return "nftables".equals(settings.require("enforcement")) ? new NftablesModule() : new Fail2banEnforcementModule();
    }
}
