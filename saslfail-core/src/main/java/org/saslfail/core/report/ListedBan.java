package org.saslfail.core.report;

import java.util.List;
import java.util.Objects;
import org.saslfail.core.model.Offense;

/**
 * One ban as a summary names it: the offense (address, strike, service, time, known users) and
 * the user names the attacker tried, as far as the daemon learned them (attacker text: renderers
 * escape it).
 */
public record ListedBan(Offense offense, List<String> triedUsernames) {
    public ListedBan {
        Objects.requireNonNull(offense, "offense");
        triedUsernames = List.copyOf(triedUsernames);
    }
}
