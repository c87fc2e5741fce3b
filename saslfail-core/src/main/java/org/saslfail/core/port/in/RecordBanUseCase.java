package org.saslfail.core.port.in;

import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;

/** Takes one fail2ban event, decides it, stores it and enforces the result. */
public interface RecordBanUseCase {
    Outcome record(BanEvent event);
}
