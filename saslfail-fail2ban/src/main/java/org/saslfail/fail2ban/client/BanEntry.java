package org.saslfail.fail2ban.client;

import java.time.Instant;
import java.util.Optional;
import org.saslfail.core.model.IpPrefix;

/**
 * One ban as {@code get JAIL banip --with-time} lists it.
 *
 * @param target  the banned address or network
 * @param start   when the ban began (fail2ban prints local time; read in this JVM's zone)
 * @param seconds its length, -1 for permanent
 */
public record BanEntry(IpPrefix target, Instant start, long seconds) {

    /** When the ban ends; empty for a permanent ban. */
    public Optional<Instant> end() {
        return seconds < 0 ? Optional.empty() : Optional.of(start.plusSeconds(seconds));
    }
}
