/** fail2ban configuration that saslfail generates: its jails, the filter files it ships, and its action. */
package org.saslfail.fail2ban.config;
