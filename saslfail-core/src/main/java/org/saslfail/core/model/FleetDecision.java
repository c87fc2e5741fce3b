package org.saslfail.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A ban or lift one fleet node decided, as the other nodes read it from the store.
 *
 * @param id        its place in the order decisions were committed (0 before it is stored)
 * @param node      the deciding node's {@code fleet.node}
 * @param jail      the jail the ban went into on the deciding node ({@code null} for a lift)
 * @param strike    the ban's strike (0 for a lift)
 * @param at        when the ban started or the lift happened
 * @param expiresAt when the ban ends; {@code null} for a permanent ban or a lift
 */
public record FleetDecision(long id, String node, Action action, IpPrefix offender, JailName jail, int strike,
                            Instant at, Instant expiresAt) {

    /** What was decided. */
    public enum Action {
        BAN, LIFT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Action parse(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public FleetDecision {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(offender, "offender");
        Objects.requireNonNull(at, "at");
        if (action == Action.BAN && (jail == null || strike < 1)) {
            throw new IllegalArgumentException("a ban decision needs its jail and strike: " + offender);
        }
    }

    /** The ban of {@code offense}, decided by {@code node}. */
    public static FleetDecision ban(String node, Offense offense) {
        return new FleetDecision(0, node, Action.BAN, offense.offender(), offense.jail(), offense.strike(), offense.at(),
                offense.expiresAt());
    }

    /** The lift of every ban of {@code offender}, decided by {@code node} at {@code at}. */
    public static FleetDecision lift(String node, IpPrefix offender, Instant at) {
        return new FleetDecision(0, node, Action.LIFT, offender, null, 0, at, null);
    }

    public FleetDecision withId(long newId) {
        return new FleetDecision(newId, node, action, offender, jail, strike, at, expiresAt);
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** Whether this is a ban that has ended by {@code now}. */
    public boolean endedAt(Instant now) {
        return action == Action.BAN && expiresAt != null && !expiresAt.isAfter(now);
    }
}
