/** Finds where Postfix and Dovecot log on this machine, so the strike-1 jails watch the right source. */
package org.saslfail.fail2ban.logs;
