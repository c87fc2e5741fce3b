/** The bash original's history file ({@code bans.db}): its rows and how they become saslfail history. */
package org.saslfail.core.legacy;
