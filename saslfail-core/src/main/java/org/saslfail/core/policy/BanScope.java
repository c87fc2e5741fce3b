package org.saslfail.core.policy;

import java.util.Objects;
import java.util.Optional;
import org.saslfail.core.model.IpPrefix;

/**
 * What one offending address is counted and banned as: its offender prefix, or the address alone
 * when that prefix would cover an ignored or own address (no ban ever covers one).
 *
 * @param offender the prefix counted and banned
 * @param natural  the prefix the policy would have used (its /64 for IPv6); equals {@code offender} unless narrowed
 * @param sparedBy the ignore entry (or own address) inside {@code natural} that narrowed it; null when not narrowed
 */
public record BanScope(IpPrefix offender, IpPrefix natural, IpPrefix sparedBy) {

    public BanScope {
        Objects.requireNonNull(offender, "offender");
        Objects.requireNonNull(natural, "natural");
        if ((sparedBy == null) != offender.equals(natural)) {
            throw new IllegalArgumentException("a ban scope is narrowed exactly when an ignored address spares it");
        }
    }

    /** Why the ban was narrowed to the address itself, for the daemon log and {@code show}; empty when it was not. */
    public Optional<String> narrowing() {
        return sparedBy == null ? Optional.empty()
                : Optional.of("counted and banned as " + offender + " alone, not its " + natural
                        + ", which holds ignored " + sparedBy);
    }
}
