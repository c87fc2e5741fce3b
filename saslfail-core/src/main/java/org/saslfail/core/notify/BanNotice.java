package org.saslfail.core.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;

/**
 * One notification-worthy event: a counted offense (its strike and ban) or the early lift of
 * one. {@code usernames} are the SASL user names tried, when known; they are attacker-chosen
 * text and are escaped by whoever renders them. {@code expiresAt} is null for a permanent ban
 * and for an unban. {@code knownUsers} are the successful logins that made the address a known
 * user's when it was banned (newest first; empty for a stranger's address).
 */
public record BanNotice(Kind kind, Instant at, IpPrefix offender, int strike, Service service,
                        Instant expiresAt, List<String> usernames, List<Login> knownUsers) {

    /** What kind of event this is; decides how {@link NotifyMode#SMART} treats it. */
    public enum Kind {
        /** Strike 1: the first counted offense of the offender. */
        FIRST_BAN,
        /** Strike 2: not mailed on its own in smart mode. */
        SECOND_BAN,
        /** Strike 3 or later. */
        REPEAT_BAN,
        /** A ban that never expires. */
        PERMANENT_BAN,
        /** A whole IPv4 subnet banned. */
        SUBNET_BAN,
        /** A ban lifted before it expired. */
        UNBAN
    }

    public BanNotice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(offender, "offender");
        Objects.requireNonNull(service, "service");
        usernames = List.copyOf(usernames);
        knownUsers = knownUsers == null ? List.of() : List.copyOf(knownUsers);
    }

    /** A notice about an address no known user logged in from. */
    public BanNotice(Kind kind, Instant at, IpPrefix offender, int strike, Service service, Instant expiresAt,
                     List<String> usernames) {
        this(kind, at, offender, strike, service, expiresAt, usernames, List.of());
    }

    public boolean knownUser() {
        return !knownUsers.isEmpty();
    }

    /**
     * The notice for an outcome, if it deserves one: an {@code OFFENSE}, or an {@code UNBAN} that
     * ended a saslfail ban. Subnet wins over permanent, permanent over the strike number.
     */
    public static Optional<BanNotice> from(Outcome outcome, List<String> usernames) {
        Offense o = outcome.offense();
        if (o == null) {
            return Optional.empty();
        }
        Instant at = outcome.event().at();
        return switch (outcome.result()) {
            case OFFENSE -> Optional.of(new BanNotice(kindOf(o), at, o.offender(), o.strike(), o.service(),
                    o.expiresAt(), usernames, outcome.logins()));
            case UNBAN -> Optional.of(new BanNotice(Kind.UNBAN, at, o.offender(), o.strike(), o.service(), null,
                    usernames));
            default -> Optional.empty();
        };
    }

    private static Kind kindOf(Offense o) {
        IpPrefix p = o.offender();
        if (p.network().isV4() && p.length() < 32) {
            return Kind.SUBNET_BAN;
        }
        if (o.permanent()) {
            return Kind.PERMANENT_BAN;
        }
        return switch (o.strike()) {
            case 1 -> Kind.FIRST_BAN;
            case 2 -> Kind.SECOND_BAN;
            default -> Kind.REPEAT_BAN;
        };
    }

    /** Whether smart mode mails this in the next 5-minute window (the rest waits for the daily summary). */
    public boolean urgent() {
        return kind != Kind.SECOND_BAN && kind != Kind.UNBAN;
    }
}
