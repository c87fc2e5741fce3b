package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.model.Offense;

/** Keeps the user names an attacker tried with the ban they earned, for the summaries that list bans. */
public interface TriedUsernamesPort {

    /**
     * Records the names tried for {@code offense} (an offense already recorded); names are
     * attacker text and are stored bounded, without control characters. Recording again replaces them.
     */
    void recordTried(Offense offense, List<String> usernames);
}
