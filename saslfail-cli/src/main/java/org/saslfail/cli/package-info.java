/** The {@code saslfail} command: picocli commands, their output, and the Guice wiring of ports to adapters. */
package org.saslfail.cli;
