package org.saslfail.fail2ban.nft;

import com.google.inject.AbstractModule;
import org.saslfail.core.port.out.FindBanSetPort;

/**
 * Binds {@link FindBanSetPort} to table {@code inet saslfail}, whichever backend enforces (uninstall;
 * a daemon switched back to fail2ban). Installing it twice is harmless.
 */
public final class FindTableModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(FindBanSetPort.class).to(FindNftablesTable.class);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FindTableModule;
    }

    @Override
    public int hashCode() {
        return FindTableModule.class.hashCode();
    }
}
