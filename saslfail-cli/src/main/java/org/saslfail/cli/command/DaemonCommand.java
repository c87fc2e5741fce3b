package org.saslfail.cli.command;

import org.saslfail.cli.wiring.App;
import org.saslfail.cli.wiring.DaemonLog;
import org.saslfail.cli.wiring.Signals;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.saslfail.core.notify.NotifyMode;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.fail2ban.daemon.Daemon;
import org.saslfail.fail2ban.intake.TriedUsernames;
import org.saslfail.notify.Notifications;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {
            "Run the daemon in the foreground, as systemd does.",
            "It learns of every strike-1 ban from fail2ban's database (fail2ban.db), decides its strike from the history and moves repeat offenders to their tier jail over fail2ban's socket (fail2ban.socket). It mails notifications and summaries as notify.mode says (none, smart, immediate, daily, weekly) and logs one line per event to stderr.",
            "SIGTERM stops it cleanly; SIGHUP (systemctl reload saslfail) re-reads the configuration."})
public final class DaemonCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    private final Clock clock;

    @Inject
    DaemonCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonLog log = new DaemonLog(spec.commandLine().getErr(), clock);
        log.captureLibraryLogging();
        // the backstop behind BackgroundTask: a thread that dies anyway says so in the daemon's log
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> log.error("thread " + t.getName() + " died: "
                + org.saslfail.core.service.BackgroundTask.describe(e), e));
        App app = App.open(common, clock);
        CountDownLatch closed = new CountDownLatch(1);
        Daemon daemon;
        Notifications notifications;
        try {
            notifications = notifications(app, log);
            daemon = app.daemon(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(EventLog.class).toInstance(log);
                    Multibinder.newSetBinder(binder(), DecisionListener.class).addBinding().toInstance(notifications);
                }
            });
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            if (closed.getCount() == 0) {
                return; // ended on its own; the JVM is just exiting
            }
            log.info("stopping (SIGTERM)");
            daemon.stop();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "saslfail-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Signals.onHangup(() -> {
            log.info("reloading the configuration (SIGHUP)");
            daemon.reload();
        });
        try {
            notifications.start();
            daemon.start();
            if (System.getenv("RUNTIME_DIRECTORY") != null) {
                ready(daemon, log);
            }
            daemon.awaitStop();
        } finally {
            notifications.close();
            daemon.close();
            app.close();
            log.info("saslfail daemon stopped");
            closed.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    /** How long a start under systemd waits for fail2ban (started just before it) to take the running bans back. */
    static final java.time.Duration READY_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * Tells systemd the daemon is ready once the running bans are back in fail2ban (or
     * {@link #READY_WAIT} passed without fail2ban answering): an empty {@code ready} file in the
     * unit's {@code RuntimeDirectory}, which its {@code ExecStartPost} waits for, so that the units
     * ordered after saslfail (Postfix, Dovecot) start only then. Its existence is the signal;
     * systemd removes the directory when the daemon stops.
     */
    static void ready(Daemon daemon, EventLog log) throws InterruptedException {
        long end = System.nanoTime() + READY_WAIT.toNanos();
        while (!daemon.reconciled() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        Path ready = Path.of(System.getenv("RUNTIME_DIRECTORY").split(":")[0], "ready");
        try {
            java.nio.file.Files.deleteIfExists(ready);
            java.nio.file.Files.createFile(ready);
            log.info(daemon.reconciled() ? "ready: the running bans are in fail2ban"
                    : "ready, though fail2ban did not answer within " + READY_WAIT.toSeconds() + "s: the bans follow when it does");
        } catch (java.io.IOException e) {
            log.warn("cannot tell systemd the daemon is ready (" + ready + "): " + e.getMessage());
        }
    }

    /**
     * What notify.mode asks for, as a {@link DecisionListener} that takes the notify.* keys of a
     * reloaded configuration too (mode, recipients, delivery).
     */
    public static Notifications notifications(App app, EventLog log) {
        NotifyMode mode = NotifyMode.parse(app.settings().require("notify.mode"));
        if (mode == NotifyMode.NONE) {
            log.info("notifications off (notify.mode = none)");
        } else {
            log.info("notifications: " + mode.id() + " to " + app.settings().require("notify.to"));
        }
        app.notifyStore().limitPageCache(Daemon.PAGE_CACHE_KIB);
        return Notifications.reconfigurable(app.settings(),
                s -> s == app.settings() ? (mode == NotifyMode.NONE ? null : app.get(NotifyUseCase.class)) : app.notifyUseCase(s),
                TriedUsernames.forThisMachine(app.settings(), log), app.get(Clock.class), log);
    }
}
