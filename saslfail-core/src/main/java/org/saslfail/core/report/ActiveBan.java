package org.saslfail.core.report;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;

/**
 * A ban running now: the offense that earned it and the offender's offense counts.
 *
 * @param offenses      the offenses that count for the offender's next decision (see
 *                      {@link org.saslfail.core.port.out.ReportQueryPort#activeBans(Instant, java.time.Duration,
 *                      org.saslfail.core.policy.HistoryMode)}), or every offense where no rule was given
 * @param offensesTotal every offense of the offender on record, whatever its age or service
 * @param node          the fleet node that decided it; {@code null} outside a fleet
 */
public record ActiveBan(IpPrefix offender, int strike, JailName jail, Service service, Instant bannedAt,
                        Instant expiresAt, int offenses, int offensesTotal, String node) {

    /** A ban decided outside a fleet. */
    public ActiveBan(IpPrefix offender, int strike, JailName jail, Service service, Instant bannedAt,
                     Instant expiresAt, int offenses, int offensesTotal) {
        this(offender, strike, jail, service, bannedAt, expiresAt, offenses, offensesTotal, null);
    }

    /** A ban whose offender's offenses all count ({@code offensesTotal == offenses}). */
    public ActiveBan(IpPrefix offender, int strike, JailName jail, Service service, Instant bannedAt,
                     Instant expiresAt, int offenses) {
        this(offender, strike, jail, service, bannedAt, expiresAt, offenses, offenses);
    }
}
