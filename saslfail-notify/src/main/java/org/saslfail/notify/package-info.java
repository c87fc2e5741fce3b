/** The mail adapter: renders alerts and summaries, delivers them by SMTP or sendmail through a durable outbox. */
package org.saslfail.notify;
