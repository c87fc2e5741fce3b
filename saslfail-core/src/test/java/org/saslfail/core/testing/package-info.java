/** Test support shipped in core's test-jar: the offense-store contract and an in-memory store. */
package org.saslfail.core.testing;
