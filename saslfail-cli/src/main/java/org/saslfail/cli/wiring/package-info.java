/** The wiring of one command run: settings, the adapters' Guice modules, the use cases, the daemon's log and signals. */
package org.saslfail.cli.wiring;
