package org.saslfail.core.policy;

import java.time.Instant;
import java.util.Objects;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;

/**
 * Which offenses count for a decision at one instant (DESIGN §2, forget_after and history): those
 * whose time is after {@code after} and not after {@code notAfter}, and, when {@code service} is
 * set (per-service history), only offenses of that service. Obtain one from
 * {@link Escalator#countingWindow}; it is the one statement of the rule that the escalation
 * engine, the commands and the store's queries share.
 *
 * @param service the service whose history is meant; {@code null} = every service (shared history)
 */
public record CountingWindow(Instant after, Instant notAfter, Service service) {

    public CountingWindow {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(notAfter, "notAfter");
        if (notAfter.isBefore(after)) {
            throw new IllegalArgumentException("counting window ends before it starts: " + after + " > " + notAfter);
        }
    }

    /** Whether {@code o} counts in this window. */
    public boolean counts(Offense o) {
        return o.at().isAfter(after) && !o.at().isAfter(notAfter) && (service == null || o.service() == service);
    }
}
