/** What the core needs from the world: the offense store, fail2ban jails, mail. */
package org.saslfail.core.port.out;
