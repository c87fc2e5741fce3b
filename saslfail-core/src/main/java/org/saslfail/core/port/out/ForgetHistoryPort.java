package org.saslfail.core.port.out;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;

/** What an administrator changes in the history by hand: lifting running bans, and forgetting offenders. */
public interface ForgetHistoryPort {

    /**
     * Erases the history of every offender inside {@code prefix}: its offenses and the events of
     * its addresses. Returns how many offenses were erased.
     */
    int forget(IpPrefix prefix);

    /** Ends at {@code at} every ban of offenders inside {@code prefix} that runs at {@code at}; returns how many. */
    int lift(IpPrefix prefix, Instant at);
}
