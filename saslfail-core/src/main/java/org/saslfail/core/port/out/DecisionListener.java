package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.Outcome;

/**
 * Told of every decision the running daemon takes: the outcomes of one ban event (its own
 * outcome first, then any it caused, such as a subnet offense). Called on the intake's thread
 * after the outcomes are stored and their jail commands queued, so it must return quickly;
 * notifications take their outcomes this way. A reload of the configuration is passed on too.
 */
public interface DecisionListener {

    void decided(List<Outcome> outcomes);

    /** The daemon took a new configuration ({@code systemctl reload}); most listeners keep theirs. */
    default void reconfigured(Settings settings) {
    }

    /**
     * This fleet node enforced {@code decisions} decisions of other nodes; the newest of them was
     * taken {@code lag} before (its propagation time). Most listeners ignore it.
     */
    default void fleetApplied(int decisions, java.time.Duration lag) {
    }
}
