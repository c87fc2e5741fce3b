package org.saslfail.store;

import java.util.List;
import java.util.Optional;

/**
 * What {@code saslfail doctor} learns of an open store besides that it answers: the schema
 * version against the newest this saslfail knows, and on PostgreSQL the role it connects as, what
 * that role lacks of what saslfail needs (read and write every table of its schema) and whether it
 * has more than that (superuser, or the right to change the schema).
 *
 * @param role    the database role; empty for SQLite (a file: its mode decides)
 * @param missing privileges the role lacks, as {@code "INSERT on offenses"}; empty when it has all
 * @param tables  the tables of saslfail's schema the privileges were checked on
 */
public record StoreCheck(int schemaVersion, int newestKnown, Optional<String> role, String schema, int tables,
                         List<String> missing, boolean superuser, boolean mayChangeSchema) {
}
