package org.saslfail.core.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * What an administrator's commands need from the jails: whether they can be reached at all,
 * which run, and bans and lifts that say how much they changed. Implementations validate every
 * value before it leaves; each method throws {@link JailUnavailableException} when the jails
 * cannot be reached or refuse.
 */
public interface JailAdminPort {

    /** Returns when the jails answer; throws {@link JailUnavailableException} otherwise. */
    void requireReachable();

    /** The jails running now. */
    Set<JailName> runningJails();

    /** What the jail holds now, as addresses and networks; entries that are neither are left out. */
    List<IpPrefix> held(JailName jail);

    /** Bans the targets in the jail for its ban time; returns how many were newly banned. */
    int ban(JailName jail, Collection<IpPrefix> targets);

    /** Lifts the targets from the jail (targets not banned are skipped); returns how many were lifted. */
    int unban(JailName jail, Collection<IpPrefix> targets);
}
