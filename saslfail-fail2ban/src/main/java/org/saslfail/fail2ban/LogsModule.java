package org.saslfail.fail2ban;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.saslfail.fail2ban.logs.LogLocator;

/**
 * Binds the {@link LogLocator} that finds where Postfix and Dovecot log on this machine (for the
 * strike-1 jails' {@code logpath}). Needs nothing; does no I/O while configuring.
 */
public final class LogsModule extends AbstractModule {

    @Provides
    LogLocator logLocator() {
        return LogLocator.forThisMachine();
    }
}
