package org.saslfail.fail2ban;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import org.saslfail.core.port.out.BanSetPort;

/**
 * {@code enforcement = fail2ban} (the default): fail2ban's jails enforce every ban, so there is
 * no ban set of saslfail's own ({@code Optional<BanSetPort>} is empty).
 */
public final class Fail2banEnforcementModule extends AbstractModule {

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), BanSetPort.class);
    }
}
