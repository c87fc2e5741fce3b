package org.saslfail.core.port.out;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * Every ban running at an instant, streamed row by row without holding them (500,000 running bans
 * would not fit the daemon's heap as objects): what a ban set must hold.
 */
@FunctionalInterface
public interface RunningBansPort {

    /** One running ban: its offender, the jail of its offense, and its end (null: permanent). */
    @FunctionalInterface
    interface Sink {
        void accept(IpPrefix offender, JailName jail, Instant expiresAt);
    }

    /**
     * Hands every offense whose ban runs at {@code at} (started, not ended, not lifted) to
     * {@code sink}, in no particular order; an offender may come more than once.
     */
    void forEachRunningBan(Instant at, Sink sink);
}
