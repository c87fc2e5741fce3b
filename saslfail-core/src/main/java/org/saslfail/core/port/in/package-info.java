/** Use cases the adapters call into the core. */
package org.saslfail.core.port.in;
