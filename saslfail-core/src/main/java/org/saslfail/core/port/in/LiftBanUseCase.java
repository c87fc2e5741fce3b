package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.JailName;

/** Lifts a running ban by hand ({@code saslfail unban}); the history is kept. */
public interface LiftBanUseCase {

    /** @param at when the ban ends */
    record LiftBanCommand(AdminTarget target, Instant at) {
    }

    /** What was lifted: running bans in the store, and the jails the target was lifted from. */
    record Lifted(int bans, List<JailName> jails) {
    }

    /**
     * Lifts the target in the store first (so a reconciling daemon does not ban again what is
     * being lifted), then drops its pending jail commands, then lifts it from every saslfail jail
     * that runs. Fails with nothing changed when the jails cannot be reached.
     */
    Lifted lift(LiftBanCommand command);
}
