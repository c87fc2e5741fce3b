package org.saslfail.cli.wiring;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.saslfail.core.port.out.EventLog;

/**
 * The daemon's log: one line per event, decision or state change on stderr, with a UTC
 * timestamp and a level; stack traces only with SASLFAIL_DEBUG set. Library logging
 * (java.util.logging, System.Logger) is routed here too.
 */
public final class DaemonLog implements EventLog {
    private final PrintWriter err;
    private final Clock clock;
    private final boolean debug = System.getenv("SASLFAIL_DEBUG") != null;

    public DaemonLog(PrintWriter err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    @Override
    public void info(String message) {
        line("INFO", message, null);
    }

    @Override
    public void warn(String message) {
        line("WARN", message, null);
    }

    @Override
    public void error(String message, Throwable cause) {
        line("ERROR", message, cause);
    }

    synchronized void line(String level, String message, Throwable cause) {
        err.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + level + " "
                + message.replaceAll("[\\r\\n]+", " "));
        if (debug && cause != null) {
            cause.printStackTrace(err);
        }
        err.flush();
    }

    /** Sends java.util.logging (and so System.Logger) records of INFO and above to this log. */
    public void captureLibraryLogging() {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(Level.INFO);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() < Level.INFO.intValue()) {
                    return;
                }
                String level = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "ERROR"
                        : r.getLevel().intValue() >= Level.WARNING.intValue() ? "WARN" : "INFO";
                line(level, String.valueOf(r.getMessage()), r.getThrown());
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                // the stream belongs to the command
            }
        });
    }
}
