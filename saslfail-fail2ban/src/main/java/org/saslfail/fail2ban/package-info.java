/** The fail2ban adapter's Guice modules: pick the socket gateway or the dry run by choosing a module. */
package org.saslfail.fail2ban;
