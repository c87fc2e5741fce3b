/** Immutable values: addresses, prefixes, jails, ban events, offenses and outcomes. */
package org.saslfail.core.model;
