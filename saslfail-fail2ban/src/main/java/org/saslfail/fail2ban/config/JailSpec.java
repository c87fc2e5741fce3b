package org.saslfail.fail2ban.config;

import java.util.Optional;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;

/**
 * One jail saslfail defines.
 *
 * @param name    the jail's name
 * @param filter  its filter ({@code saslfail-dummy} for enforcement-only jails)
 * @param service the service whose log it reads; empty for enforcement-only jails
 * @param bantime its ban time in seconds, -1 for permanent
 */
public record JailSpec(JailName name, String filter, Optional<Service> service, long bantime) {

    /** Whether fail2ban's own log watching bans in this jail (a strike-1 jail). */
    public boolean strikeOne() {
        return service.isPresent();
    }
}
