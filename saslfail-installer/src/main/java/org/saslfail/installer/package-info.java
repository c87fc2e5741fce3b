/** Installs saslfail into a fail2ban configuration, upgrades the bash original, and uninstalls, always after a backup. */
package org.saslfail.installer;
