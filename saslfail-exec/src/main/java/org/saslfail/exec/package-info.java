/**
 * What the adapters share of the operating system: child processes run without a shell, with their
 * output read concurrently and a time limit that really applies; and secret files, read under one rule.
 */
package org.saslfail.exec;
