/** What the core needs from the world: the offense store, learned logins, fail2ban jails, mail. */
package org.saslfail.core.port.out;
