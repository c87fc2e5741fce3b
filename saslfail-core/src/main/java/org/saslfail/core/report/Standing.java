package org.saslfail.core.report;

import java.time.Duration;
import java.util.Optional;
import org.saslfail.core.model.Service;

/**
 * Where an offender stands in one history at an instant: how many of its offenses still count,
 * and what its next offense would get.
 *
 * @param service      the history: a service under per-service history, {@code null} for the shared one
 * @param counting     offenses that count now (younger than forget_after)
 * @param nextStrike   the strike the next offense would get
 * @param nextBan      the ban length of the next offense; {@code null} = permanent
 */
public record Standing(Service service, int counting, int nextStrike, Duration nextBan) {

    public Optional<Service> serviceOpt() {
        return Optional.ofNullable(service);
    }

    public boolean nextPermanent() {
        return nextBan == null;
    }
}
