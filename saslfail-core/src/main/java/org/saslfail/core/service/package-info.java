/** Services that implement the use cases over the out-ports. */
package org.saslfail.core.service;
