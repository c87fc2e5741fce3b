/** Output formatting shared by the commands: tables, JSON, times, standings, summaries, blacklists. */
package org.saslfail.cli.output;
