package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorTest {

    @Test
    void scriptsSplitAtLineEndingSemicolonsWithoutLineComments() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (x INTEGER); -- trailing
                /* [jooq ignore start] */
                CREATE INDEX a_x ON a (x) WHERE x > 0;
                /* [jooq ignore stop] */

                CREATE TABLE b (
                    y BIGINT
                );
                """;
        assertEquals(List.of(
                "CREATE TABLE a (x INTEGER)",
                "CREATE INDEX a_x ON a (x) WHERE x > 0",
                "CREATE TABLE b (\n    y BIGINT\n)"), Migrator.statements(script));
    }

    @Test
    void theKnownMigrationsAreNumberedFromOne() {
        List<Migrator.Migration> known = Migrator.known();
        assertEquals(1, known.get(0).version());
        assertEquals("init", known.get(0).description());
        assertEquals(known.size(), Migrator.newestKnown());
    }
}
