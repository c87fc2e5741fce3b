/** How another Java tool embeds saslfail: the core's escalation engine over the store, without the CLI. */
package org.saslfail.examples;
