/** Reading fail2ban's own log ({@code fail2ban.log}) into ban events, for replay and seeding the history. */
package org.saslfail.fail2ban.replay;
