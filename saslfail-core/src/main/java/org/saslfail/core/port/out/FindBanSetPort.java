package org.saslfail.core.port.out;

import java.util.Optional;
import org.saslfail.core.config.Settings;

/**
 * Finds saslfail's own ban set in the kernel whichever backend enforces now: for {@code uninstall},
 * and for a daemon that starts with {@code enforcement = fail2ban} after the set enforced (it hands
 * the set's bans back to fail2ban's tier jails, then removes it).
 */
@FunctionalInterface
public interface FindBanSetPort {

    /**
     * The set {@code settings} describe, when it exists; empty when it does not (also where the
     * program that keeps it is not installed).
     */
    Optional<BanSetPort> find(Settings settings);
}
