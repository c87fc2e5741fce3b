package org.saslfail.cli;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {
            "Run in the foreground (under systemd): learn of every strike-1 ban from fail2ban's database",
            "(fail2ban.db), decide its strike from the history and move repeat offenders to their tier jail",
            "over fail2ban's socket (fail2ban.socket). Mails notifications and summaries as notify.mode says",
            "(none, smart, immediate, daily, weekly). Logs one line per event to stderr.",
            "SIGTERM stops it cleanly; SIGHUP re-reads the configuration."})
final class DaemonCommand implements Callable<Integer> {
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
            notifications = Notifications.of(app, clock, log);
            daemon = new Daemon(app.settings(), () -> App.loadSettings(common), app.store(), app.fail2ban(), clock, log,
                    notifications);
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
            daemon.run();
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
}
