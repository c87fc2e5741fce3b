package org.saslfail.core.port.out;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;

/** Reads an offender's offense history. */
public interface LoadHistoryPort {

    /**
     * The offenses of {@code offender} that began after {@code since}, plus those whose ban had
     * not ended (expired or lifted) by {@code since}; oldest first.
     */
    List<Offense> history(IpPrefix offender, Instant since);

    /**
     * The offenses of every offender inside {@code prefix} (the prefix itself included) that began
     * after {@code since}; oldest first. Used to see whether a subnet's addresses keep offending.
     */
    List<Offense> offensesWithin(IpPrefix prefix, Instant since);

    /** Whether an event with this idempotency key was already recorded. */
    boolean seen(String eventKey);
}
