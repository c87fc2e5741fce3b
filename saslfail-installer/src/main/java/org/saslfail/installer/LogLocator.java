package org.saslfail.installer;

import java.util.List;
import java.util.Map;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.LogSource;

/**
 * Finds where the mail services log. A seam: the installer uses {@link WellKnownLogs} until the
 * detection of the filters work (org.saslfail.fail2ban.logs) replaces it; explicit
 * {@code --log-postfix}/{@code --log-dovecot} values and {@code log.*} settings always win.
 */
public interface LogLocator {
    /** The log of each service that was found; services not found are absent. */
    Map<Service, LogSource> locate(List<Service> services);
}
