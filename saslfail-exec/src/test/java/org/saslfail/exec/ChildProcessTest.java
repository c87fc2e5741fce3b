package org.saslfail.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Children that hang, never read their input or never close their output are killed at their limit. */
class ChildProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aChildThatPrintsAndHangsIsKilledAtItsLimitWithItsOutput() {
        ChildProcess.Result r = assertTimeoutPreemptively(BOUND, () -> ChildProcess.run(
                List.of("sh", "-c", "echo started; exec sleep 60"), null, LIMIT, 1000));
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertEquals("started", r.output().strip());
    }

    @Test
    void aChildThatNeverReadsItsInputIsKilledAtItsLimit() {
        ChildProcess.Result r = assertTimeoutPreemptively(BOUND, () -> ChildProcess.run(
                List.of("sleep", "60"), new byte[4 << 20], LIMIT, 1000));
        assertTrue(r.timedOut());
    }

    @Test
    void aGrandchildHoldingTheOutputOpenIsKilledToo() {
        ChildProcess.Result r = assertTimeoutPreemptively(BOUND, () -> ChildProcess.run(
                List.of("sh", "-c", "sleep 60 & sleep 60"), null, LIMIT, 1000));
        assertTrue(r.timedOut());
    }

    @Test
    void aChildThatEndsGivesItsCodeAndCappedOutput() throws Exception {
        ChildProcess.Result r = ChildProcess.run(List.of("sh", "-c", "cat; head -c 100000 /dev/zero | tr '\\0' x; exit 3"),
                "in\n".getBytes(), Duration.ofSeconds(30), 10);
        assertFalse(r.timedOut());
        assertEquals(3, r.code());
        assertEquals("in\n" + "x".repeat(7), r.output());
    }
}
