package org.saslfail.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What saslfail made of one {@link BanEvent}. {@code offense} is the new offense for
 * {@link Result#OFFENSE}, the running one for {@link Result#REPEAT}, the lifted one for
 * {@link Result#UNBAN} (when the unban ended a saslfail ban), otherwise {@code null}. {@code logins}
 * are the successful logins that made the address a known user's when it was decided (newest first;
 * empty for any other address).
 */
public record Outcome(BanEvent event, Result result, IpPrefix offender, Service service, Offense offense, String detail,
                      List<Login> logins) {

    /** The kinds of outcome; {@link #id()} is how the store and reports name them. */
    public enum Result {
        /** A new offense was counted and banned on the ladder. */
        OFFENSE,
        /** A strike-1 ban while the offender's saslfail ban still runs: the cascade rule, no offense. */
        REPEAT,
        /** fail2ban restored a ban at its own restart: never an offense. */
        RESTORE,
        /** The address is on the ignore list. */
        IGNORED,
        /**
         * A strike-1 ban of a known user's address under {@code known_users = ignore}: lifted from
         * the strike-1 jail, no offense counted.
         */
        KNOWN_USER,
        /** An unban. */
        UNBAN,
        /** A ban in a jail that is not a strike-1 jail (for example saslfail's own tier jails). */
        NOT_WATCHED,
        /** The event was seen before; nothing changed. */
        DUPLICATE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Outcome {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(offender, "offender");
        detail = detail == null ? "" : detail;
        logins = logins == null ? List.of() : List.copyOf(logins);
    }

    /** An outcome for an address no known user logged in from. */
    public Outcome(BanEvent event, Result result, IpPrefix offender, Service service, Offense offense, String detail) {
        this(event, result, offender, service, offense, detail, List.of());
    }

    public Optional<Offense> offenseOpt() {
        return Optional.ofNullable(offense);
    }

    public Optional<Service> serviceOpt() {
        return Optional.ofNullable(service);
    }
}
