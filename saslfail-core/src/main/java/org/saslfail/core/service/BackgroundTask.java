package org.saslfail.core.service;

import java.util.function.BiConsumer;

/**
 * The one rule for the daemon's background work (scheduled ticks, the notification thread, the
 * jail-command sender, the intake): whatever a step throws, errors such as StackOverflowError
 * included, is reported and the loop carries on. A scheduled executor swallows what its task
 * throws and silently cancels a periodic task; a plain thread dies with it. Neither may happen
 * to a daemon that is meant to run for months.
 */
public final class BackgroundTask {
    private BackgroundTask() {
    }

    /**
     * Runs {@code step}; if it throws, hands {@code "WHAT failed: REASON"} and the throwable to
     * {@code report} and returns false. Never throws (a report that fails goes to the default
     * uncaught-exception handler).
     */
    public static boolean run(String what, Runnable step, BiConsumer<String, Throwable> report) {
        try {
            step.run();
            return true;
        } catch (Throwable t) {
            String line = what + " failed: " + describe(t);
            try {
                report.accept(line, t);
            } catch (Throwable reportFailed) {
                // the log itself failed: the process's last resort (the daemon sets one) still hears of it
                lastResort(t);
            }
            return false;
        }
    }

    private static void lastResort(Throwable t) {
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        if (h != null) {
            try {
                h.uncaughtException(Thread.currentThread(), t);
            } catch (Throwable ignored) {
                // nothing is left to tell
            }
        }
    }

    /** {@code step} as a task for an executor or a thread, guarded by {@link #run}. */
    public static Runnable guard(String what, Runnable step, BiConsumer<String, Throwable> report) {
        return () -> run(what, step, report);
    }

    /** A one-line reason: the message, or the kind of failure when it has none (as a StackOverflowError has). */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        String kind = t.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            return kind;
        }
        String flat = m.replaceAll("[\\r\\n]+", " ");
        return t instanceof Error ? kind + ": " + flat : flat;
    }
}
