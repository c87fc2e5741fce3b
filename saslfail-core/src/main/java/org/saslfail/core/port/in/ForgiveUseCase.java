package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import java.util.function.IntPredicate;
import org.saslfail.core.model.JailName;

/** Lifts an offender's ban and erases its history ({@code saslfail forgive}): its next offense is a first one. */
public interface ForgiveUseCase {

    /**
     * @param confirm asked with the number of offenses about to be erased; false changes nothing
     */
    record ForgiveCommand(AdminTarget target, Instant at, IntPredicate confirm) {
    }

    /** @param done false when {@code confirm} said no */
    record Forgiven(boolean done, int erased, List<JailName> jails) {
    }

    /** Fails with nothing changed when the jails cannot be reached. */
    Forgiven forgive(ForgiveCommand command);
}
