package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.Optional;
import org.saslfail.core.service.BanSetSync;

/**
 * Who enforces saslfail's own bans (tier, subnet, permanent), and how its ban set stands: elements
 * per set and drift against the store ({@code status}, {@code doctor}).
 */
public interface EnforcementStatusUseCase {

    /**
     * @param now  the instant whose running bans the set must hold
     * @param read read the whole set and compare it with the store now (seconds at 500,000 elements);
     *             otherwise report the daemon's last figures, which cost nothing
     */
    record EnforcementQuery(Instant now, boolean read) {
    }

    /**
     * @param backend  {@code fail2ban} or {@code nftables} (the {@code enforcement} setting)
     * @param location where saslfail's ban set lives ({@code table inet saslfail}); empty under fail2ban
     * @param present  whether the set exists (under fail2ban: false; without a read: as the daemon last saw it)
     * @param figures  the counts and drift read now, or the daemon's last; empty when there are none
     */
    record EnforcementStatus(String backend, Optional<String> location, boolean present, Optional<BanSetSync.Result> figures) {
    }

    /** @throws org.saslfail.core.port.out.BanSetException when a read was asked for and the set cannot be read */
    EnforcementStatus status(EnforcementQuery query);
}
