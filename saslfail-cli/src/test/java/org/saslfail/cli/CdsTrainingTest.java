package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PostgreSQL classes that the class-data-sharing archive is trained on without a server. */
class CdsTrainingTest {

    @Test
    void everyListedPostgresClassStillExistsSoTheArchiveHoldsThemAll() throws IOException {
        // a driver upgrade that renames classes fails here: remake the list (bench/startup/postgres-classes.sh)
        assertEquals(List.of(), CdsTraining.loadPostgresClasses());
    }

    @Test
    void theListHoldsTheDriverAndItsScramClient() throws IOException {
        String list;
        try (var in = CdsTraining.class.getResourceAsStream(CdsTraining.POSTGRES_CLASSES)) {
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(list.lines().anyMatch("org.postgresql.Driver"::equals), "the driver");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("org.postgresql.core.v3.ConnectionFactoryImpl")), "the connection");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("org.postgresql.shaded.com.ongres.scram.client.")), "SCRAM");
        // JFR rewrites these as they load; archived, they crash JDK 17.0.15 when a flight recording runs
        assertTrue(list.lines().noneMatch(l -> l.startsWith("jdk.internal.event.")), "no JDK event classes");
        for (String name : list.lines().filter(l -> !l.startsWith("#")).toList()) {
            for (int release = 9; release <= 25; release++) {
                String versioned = "META-INF/versions/" + release + "/" + name.replace('.', '/') + ".class";
                assertTrue(CdsTraining.class.getClassLoader().getResource(versioned) == null, "multi-release: " + versioned);
            }
        }
    }
}
