/** saslfail's pure domain: no I/O, no frameworks; time comes in as an Instant or a Clock. */
package org.saslfail.core;
