/** fail2ban's control socket: a pickle-protocol client that sends only validated commands, and the jail gateways. */
package org.saslfail.fail2ban.client;
