/** Benchmarks of the fail2ban adapter against a private fail2ban server, run by bench/f2b/run.sh. */
package org.saslfail.fail2ban.bench;
