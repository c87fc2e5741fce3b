package org.saslfail.core.policy;

import java.time.Duration;
import java.time.Instant;
import org.saslfail.core.model.Offense;

/**
 * The rule for what ended a ban early. fail2ban ends a ban that ran out with an ordinary unban,
 * logged a few milliseconds to seconds around the expiry saslfail recorded (its own clock, its
 * check interval); that is an expiry. An early lift is an unban well before the expiry: made by
 * a person or a command ({@code saslfail unban}, {@code forgive}, fail2ban's {@code unbanip}).
 * The engine, the importers and every report use this one rule.
 */
public final class EarlyLift {
    /** How far from the recorded expiry an unban still counts as the ban running out. */
    public static final Duration EXPIRY_TOLERANCE = Duration.ofMinutes(1);

    private EarlyLift() {
    }

    /** Whether an unban at {@code at} of offense {@code o}'s ban lifts it early rather than marking its expiry. */
    public static boolean isEarly(Offense o, Instant at) {
        return o.permanent() || at.isBefore(o.expiresAt().minus(EXPIRY_TOLERANCE));
    }

    /**
     * Whether {@code o}'s ban was lifted early: its lift is recorded and was not the ban running
     * out (stores written before this rule hold lifts at the expiry too).
     */
    public static boolean liftedEarly(Offense o) {
        return o.liftedAt() != null && isEarly(o, o.liftedAt());
    }
}
