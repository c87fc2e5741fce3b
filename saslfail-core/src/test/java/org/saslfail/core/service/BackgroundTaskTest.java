package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundTaskTest {
    @Test
    void aPeriodicTaskThatThrowsAnErrorIsReportedAndKeepsRunning() throws InterruptedException {
        List<String> reported = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thrice = new CountDownLatch(3);
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
        try {
            ex.scheduleWithFixedDelay(BackgroundTask.guard("maintenance", () -> {
                runs.incrementAndGet();
                throw new StackOverflowError();
            }, (line, t) -> {
                reported.add(line);
                thrice.countDown(); // after the report: counting down in the task raced the assertions below
            }), 0, 5, TimeUnit.MILLISECONDS);
            // unguarded, the executor would swallow the first error and never run the task again
            assertTrue(thrice.await(30, TimeUnit.SECONDS), "ran " + runs.get() + " times");
        } finally {
            ex.shutdownNow();
        }
        assertTrue(reported.size() >= 3, reported.toString());
        assertEquals("maintenance failed: StackOverflowError", reported.get(0));
    }

    @Test
    void aFailingReportNeverEscapes() {
        assertFalse(BackgroundTask.run("x", () -> {
            throw new IllegalStateException("store is locked");
        }, (line, t) -> {
            throw new OutOfMemoryError();
        }));
        assertTrue(BackgroundTask.run("x", () -> { }, (line, t) -> { }));
        assertEquals("OutOfMemoryError: Java heap space", BackgroundTask.describe(new OutOfMemoryError("Java heap space")));
        assertEquals("store is locked", BackgroundTask.describe(new IllegalStateException("store is locked\nsecond line").getMessage().lines().findFirst().map(IllegalStateException::new).get()));
    }
}
