package org.saslfail.core.port.out;

import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/** Enforces bans in fail2ban jails. Implementations validate every value before it leaves. */
public interface JailGateway {

    /** Bans {@code target} in {@code jail} for that jail's ban time. */
    void ban(JailName jail, IpPrefix target);

    /** Lifts {@code target} from {@code jail}; lifting what is not banned is not an error. */
    void unban(JailName jail, IpPrefix target);
}
