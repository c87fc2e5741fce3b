/** Ban-event intake: strike-1 bans read from fail2ban's own database, from a persisted watermark. */
package org.saslfail.fail2ban.intake;
