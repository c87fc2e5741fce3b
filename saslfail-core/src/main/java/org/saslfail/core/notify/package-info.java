/** Notification batching: which ban events become which messages, and when (pure, clock-driven). */
package org.saslfail.core.notify;
