package org.saslfail.core.service;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.port.out.KnownUserPort;

/** Who makes an offender a known user's address at an instant, for reports (show, by-ip): any service counts. */
public final class KnownUserLookup {
    /** Logins read per offender: enough to name its users. */
    public static final int LOGINS = 10;

    private KnownUserLookup() {
    }

    /** The logins that make {@code offender} known at {@code t}, newest first; empty when none do or the rule is off. */
    public static List<Login> at(KnownUserPort logins, EscalationPolicy policy, IpPrefix offender, Instant t) {
        if (logins == null || !policy.knownUsers().on()) {
            return List.of();
        }
        return policy.knownUsers().knownAt(logins.logins(offender, policy.knownUsers().since(t), LOGINS), t, null,
                HistoryMode.SHARED);
    }
}
