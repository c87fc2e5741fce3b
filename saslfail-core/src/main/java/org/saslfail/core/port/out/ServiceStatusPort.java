package org.saslfail.core.port.out;

/** Whether the parts that enforce bans are running, for the warning in summaries. */
public interface ServiceStatusPort {

    boolean fail2banRunning();

    boolean daemonRunning();
}
