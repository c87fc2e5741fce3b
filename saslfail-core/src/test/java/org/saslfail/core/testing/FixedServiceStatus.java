package org.saslfail.core.testing;

import org.saslfail.core.port.out.ServiceStatusPort;

/** A {@link ServiceStatusPort} that reports what it was told. */
public record FixedServiceStatus(boolean fail2banRunning, boolean daemonRunning) implements ServiceStatusPort {
}
