package org.saslfail.installer;

import com.google.inject.AbstractModule;
import java.time.Clock;
import org.saslfail.fail2ban.LogsModule;
import org.saslfail.fail2ban.nft.FindTableModule;

/**
 * Wires the installer: {@link Installers} (install, upgrade, uninstall) over the fail2ban adapter's
 * {@link LogsModule}, and {@link FindTableModule} for the ban set uninstall removes. Needs a {@link Clock} bound elsewhere; does no I/O while configuring.
 */
public final class InstallerModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new LogsModule());
        install(new FindTableModule());
    }
}
