/** Read models of the reports: active bans, history, summaries. */
package org.saslfail.core.report;
