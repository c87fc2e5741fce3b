/** The offense store: schema migrations and the store ports on SQLite or PostgreSQL, via jOOQ. */
package org.saslfail.store;
