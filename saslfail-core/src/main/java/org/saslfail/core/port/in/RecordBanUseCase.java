package org.saslfail.core.port.in;

import java.util.List;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;

/** Takes one fail2ban event, decides it, stores it and enforces the result. */
public interface RecordBanUseCase {

    /** Records one event; any consequence (a subnet offense) is recorded and enforced too. */
    default Outcome record(BanEvent event) {
        return recordAll(event).get(0);
    }

    /**
     * Records one event and returns its outcome first, then the outcomes it caused: a subnet
     * offense, or a subnet spared because it holds an ignored address (IGNORED, returned the first
     * time that subnet is spared on a UTC day only, so logs say it once a day, not once per event).
     */
    List<Outcome> recordAll(BanEvent event);
}
