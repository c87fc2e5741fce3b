/** Proofs of the strike-1 filter files against the real fail2ban-regex: corpora, hostile input, a live Postfix. */
package org.saslfail.fail2ban.filters;
