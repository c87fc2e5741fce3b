/** The picocli commands: each parses its options, calls one use case and prints the result. */
package org.saslfail.cli.command;
