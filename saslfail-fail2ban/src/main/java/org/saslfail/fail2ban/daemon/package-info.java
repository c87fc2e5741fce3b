/**
 * The runnable daemon, embeddable from Java: intake from fail2ban's database, escalation,
 * batched enforcement with retries, reconcile and heartbeat ({@link org.saslfail.fail2ban.daemon.Daemon}),
 * wired by {@link org.saslfail.fail2ban.daemon.DaemonModule}.
 */
package org.saslfail.fail2ban.daemon;
