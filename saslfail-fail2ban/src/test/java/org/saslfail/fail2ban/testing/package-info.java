/** Test fixtures: private fail2ban servers for integration tests. */
package org.saslfail.fail2ban.testing;
