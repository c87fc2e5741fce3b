package org.saslfail.cli.wiring;

/** SIGHUP handling through the JDK's sun.misc.Signal (module jdk.unsupported, present in every JDK). */
public final class Signals {
    private Signals() {
    }

    /** Runs {@code action} on every SIGHUP; does nothing where the signal cannot be handled. */
    @SuppressWarnings("removal")
    public static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> action.run());
        } catch (IllegalArgumentException e) {
            // the JVM reserves SIGHUP (-Xrs) or the platform lacks it: no reload by signal
        }
    }
}
