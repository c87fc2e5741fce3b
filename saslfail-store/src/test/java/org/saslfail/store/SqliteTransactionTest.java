package org.saslfail.store;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TransactionChecks} on a real SQLite file. */
class SqliteTransactionTest {
    @TempDir
    Path dir;

    static Stream<Throwable> failures() {
        return Stream.of(new IllegalStateException("a bug"), new OutOfMemoryError("Java heap space"),
                new StackOverflowError());
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailureBetweenTheWritesOfADecisionWritesNone(Throwable failure) {
        try (OffenseStore store = OffenseStores.open(dir.resolve("store.db").toString())) {
            TransactionChecks.aFailureBetweenTheWritesOfADecisionWritesNone(store, failure);
        }
    }
}
