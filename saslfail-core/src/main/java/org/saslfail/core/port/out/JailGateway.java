package org.saslfail.core.port.out;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/** Enforces bans in fail2ban jails. Implementations validate every value before it leaves. */
public interface JailGateway {

    /** Bans {@code target} in {@code jail} for that jail's ban time. */
    void ban(JailName jail, IpPrefix target);

    /**
     * Bans {@code target} in {@code jail} until {@code expiresAt} (null: permanently). A gateway
     * that times bans out by itself (a kernel set) uses the instant; fail2ban's jails keep their
     * own ban time, which is what the default does.
     */
    default void ban(JailName jail, IpPrefix target, Instant expiresAt) {
        ban(jail, target);
    }

    /** Lifts {@code target} from {@code jail}; lifting what is not banned is not an error. */
    void unban(JailName jail, IpPrefix target);
}
