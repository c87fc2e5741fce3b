package org.saslfail.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One counted offense of an offender and the ban it earned: strike number, the jail that
 * enforces it, when it started, and when it ends ({@code null} end = permanent).
 * {@code liftedAt} is set when an unban ended the ban early. {@code knownUsers} names the users who
 * had logged in successfully from the address when it offended (empty: not a known user's address);
 * such an offense is capped at strike 1 and never counts toward a subnet. {@code node} is the
 * {@code fleet.node} that decided it ({@code null}: a store without fleet nodes, or from before them).
 */
public record Offense(IpPrefix offender, IpAddress ip, Service service, int strike, JailName jail,
                      Instant at, Instant expiresAt, Instant liftedAt, List<String> knownUsers, String node) {

    public Offense {
        Objects.requireNonNull(offender, "offender");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(at, "at");
        knownUsers = knownUsers == null ? List.of() : List.copyOf(knownUsers);
        if (strike < 1) {
            throw new IllegalArgumentException("strike must be 1 or more, got " + strike);
        }
        if (expiresAt != null && expiresAt.isBefore(at)) {
            throw new IllegalArgumentException("ban ends before it starts: " + at + " > " + expiresAt);
        }
    }

    /** An offense decided outside a fleet. */
    public Offense(IpPrefix offender, IpAddress ip, Service service, int strike, JailName jail,
                   Instant at, Instant expiresAt, Instant liftedAt, List<String> knownUsers) {
        this(offender, ip, service, strike, jail, at, expiresAt, liftedAt, knownUsers, null);
    }

    /** An offense of an address no known user logged in from. */
    public Offense(IpPrefix offender, IpAddress ip, Service service, int strike, JailName jail,
                   Instant at, Instant expiresAt, Instant liftedAt) {
        this(offender, ip, service, strike, jail, at, expiresAt, liftedAt, List.of());
    }

    /** Whether a known user had logged in from the address when it offended. */
    public boolean knownUser() {
        return !knownUsers.isEmpty();
    }

    public boolean permanent() {
        return expiresAt == null;
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    public Optional<Instant> lifted() {
        return Optional.ofNullable(liftedAt);
    }

    /** Whether the ban of this offense holds at {@code t}: started, not expired, not lifted. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(at)
                && (expiresAt == null || t.isBefore(expiresAt))
                && (liftedAt == null || t.isBefore(liftedAt));
    }

    /**
     * Whether a lift at {@code t} ends this ban: it has not expired by then and was never lifted. A ban
     * dated after {@code t} is ended too: fail2ban rounds its ban times to the second and a fleet
     * node's clock may run a little ahead, so a ban can be dated a moment after the lift meant for it.
     */
    public boolean liftableAt(Instant t) {
        return (expiresAt == null || t.isBefore(expiresAt)) && liftedAt == null;
    }

    /** This offense lifted at {@code t}; a ban dated after {@code t} ends where it begins (it never ran). */
    public Offense liftedAt(Instant t) {
        return new Offense(offender, ip, service, strike, jail, at, expiresAt, t.isBefore(at) ? at : t, knownUsers, node);
    }

    /** This offense as decided by fleet node {@code decidedBy}. */
    public Offense decidedBy(String decidedBy) {
        return new Offense(offender, ip, service, strike, jail, at, expiresAt, liftedAt, knownUsers, decidedBy);
    }
}
