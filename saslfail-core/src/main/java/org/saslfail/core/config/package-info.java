/** saslfail.conf: its keys, defaults, checks and parser. */
package org.saslfail.core.config;
