/**
 * The nftables enforcement backend: saslfail's own table {@code inet saslfail}, whose sets hold
 * its tier, subnet and permanent bans with per-element timeouts, changed in one {@code nft -f -}
 * transaction per batch.
 */
package org.saslfail.fail2ban.nft;
