package org.saslfail.core.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.saslfail.core.model.JailName;

/**
 * This node in a fleet of mail servers sharing one store ({@code fleet.node}, {@code fleet.scope}),
 * and the one rule for where a ban decided by any node is enforced on this one.
 *
 * <p>A ban another node decided in a strike-1 jail goes into {@link #REMOTE_STRIKE_ONE_JAIL} here,
 * never into this node's own strike-1 jails: those are the jails whose bans the intake reads as new
 * events, so a ban from elsewhere is never counted again nor echoed back. Tier bans go into the same
 * tier jail (the intake reads no tier jail).
 */
public record Fleet(String node, Scope scope) {
    /** Where strike-1 bans of other nodes are enforced: an enforcement-only jail, ladder[0] long. */
    public static final JailName REMOTE_STRIKE_ONE_JAIL = JailName.tier(1);

    /** Which bans of other nodes this node enforces. */
    public enum Scope {
        /** Every ban: strike 1 too. */
        ALL,
        /** Escalations only: strike 2 and up, and permanent bans. */
        ESCALATIONS;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scope parse(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Fleet {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(scope, "scope");
    }

    /** Whether {@code decidedBy} is this node (or no node: the store's bans from before fleets count as ours). */
    public boolean ours(String decidedBy) {
        return decidedBy == null || decidedBy.equals(node);
    }

    /**
     * The jail that enforces, on this node, a ban {@code decidedBy} put into {@code jail} at
     * {@code strike}; empty when this node does not enforce it ({@code fleet.scope = escalations}
     * and a strike-1 ban of another node).
     *
     * @param strikeOneJails the jails whose bans are strike-1 events (the intake reads them)
     */
    public Optional<JailName> localJail(String decidedBy, JailName jail, int strike, Set<JailName> strikeOneJails) {
        if (ours(decidedBy)) {
            return Optional.of(jail);
        }
        boolean escalation = strike >= 2 || EscalationPolicy.PERMANENT_JAIL.equals(jail);
        if (scope == Scope.ESCALATIONS && !escalation) {
            return Optional.empty();
        }
        return Optional.of(strikeOneJails.contains(jail) ? REMOTE_STRIKE_ONE_JAIL : jail);
    }
}
