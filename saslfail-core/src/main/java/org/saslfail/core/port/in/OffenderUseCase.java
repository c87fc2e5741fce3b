package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.report.Standing;

/** One offender's record and standing ({@code saslfail show}). */
public interface OffenderUseCase {

    /** @param asked an address (counted as its offender, e.g. its IPv6 /64) or a network (its offenders and itself) */
    record OffenderQuery(IpPrefix asked, Instant now) {
    }

    /**
     * @param offenses every offense of or inside the offender, oldest first
     * @param counts   per offense, whether it still counts at {@code now} (the counting rule)
     * @param active   the running ban with the highest strike, or null
     * @param standing what its next offense would bring, per history
     * @param narrowed  why the offender is the asked address itself rather than its usual prefix (its /64
     *                  holds an ignored or own address), or null
     * @param knownUsers the logins that make the offender a known user's address at {@code now}, newest first
     */
    record OffenderRecord(IpPrefix asked, IpPrefix offender, List<Offense> offenses, List<Boolean> counts,
                          Offense active, List<Standing> standing, String narrowed, List<Login> knownUsers) {
        public OffenderRecord {
            knownUsers = knownUsers == null ? List.of() : List.copyOf(knownUsers);
        }
    }

    OffenderRecord offender(OffenderQuery query);
}
