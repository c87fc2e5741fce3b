/** The daemon's Prometheus metrics: what it counts, and the two ways out (a localhost HTTP port, a node_exporter textfile). */
package org.saslfail.fail2ban.metrics;
