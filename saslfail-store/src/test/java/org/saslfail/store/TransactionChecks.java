package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.saslfail.core.testing.OffenseStoreContract.H48;
import static org.saslfail.core.testing.OffenseStoreContract.days;
import static org.saslfail.core.testing.OffenseStoreContract.offense;

import org.saslfail.core.model.IpPrefix;

/**
 * What a decision's transaction leaves when it ends early, on any store: nothing. The daemon's
 * intake offers the event again, and an event already on record would be taken as decided.
 */
final class TransactionChecks {
    private static final IpPrefix KEY = IpPrefix.parse("198.18.61.0/24");

    private TransactionChecks() {
    }

    /**
     * A failure thrown between the writes of one decision (an {@link Error} such as running out
     * of memory as well as an exception): none of them stays, and the decision can be made again.
     * A driver commits an open transaction when auto-commit is switched back on, so ending the
     * transaction in a {@code finally} without rolling back first committed the half before the
     * failure.
     */
    static void aFailureBetweenTheWritesOfADecisionWritesNone(OffenseStore store, Throwable failure) {
        JooqOffenseStore s = (JooqOffenseStore) store;
        Throwable thrown = assertThrows(Throwable.class, () -> s.serialised(KEY, () -> {
            s.record(offense("198.18.61.138", days(0), 3, H48));
            throw sneaky(failure);
        }));
        assertSame(failure, thrown);
        assertEquals(0, count(s, "SELECT count(*) FROM events"), "events after " + failure);
        assertEquals(0, count(s, "SELECT count(*) FROM offenses"), "offenses after " + failure);
        assertTrue(s.serialised(KEY, () -> s.record(offense("198.18.61.138", days(0), 3, H48))), "decided again");
        assertEquals(1, count(s, "SELECT count(*) FROM offenses"));
    }

    /**
     * The connection ends in the middle of a decision (PostgreSQL restarted, the backend killed)
     * and the work goes on after the failed write: nothing of it is written, not even what came after
     * on a new connection (where each statement would commit on its own), and the store works again
     * for the next decision.
     *
     * @param endConnection ends the store's connection, given its server process id
     */
    static void aDecisionWhoseConnectionEndedWritesNothingEvenIfItsWorkGoesOn(OffenseStore store,
                                                                             java.util.function.LongConsumer endConnection) {
        JooqOffenseStore s = (JooqOffenseStore) store;
        assertThrows(StoreException.class, () -> s.serialised(KEY, () -> {
            s.record(offense("198.18.61.1", days(0), 1, H48));
            endConnection.accept(s.dsl().fetchOne("SELECT pg_backend_pid()").get(0, Long.class));
            assertThrows(StoreException.class, () -> s.record(offense("198.18.61.2", days(0), 1, H48)));
            s.record(offense("198.18.61.3", days(0), 1, H48));
            return null;
        }));
        assertEquals(0, count(s, "SELECT count(*) FROM offenses"), "offenses of the broken decision");
        assertTrue(s.serialised(KEY, () -> s.record(offense("198.18.61.3", days(0), 1, H48))), "the next decision");
        assertEquals(1, count(s, "SELECT count(*) FROM offenses"));
    }

    static long count(JooqOffenseStore s, String sql) {
        return s.dsl().fetchOne(sql).get(0, Long.class);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
