/** Child processes run without a shell, with their output read concurrently and a time limit that really applies. */
package org.saslfail.exec;
