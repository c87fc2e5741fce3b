package org.saslfail.examples;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.daemon.Daemon;
import org.saslfail.fail2ban.daemon.OwnAddresses;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * A tool that runs the whole saslfail daemon inside its own JVM: its configuration is an object
 * built in code (no file), and its own listener hears every decision. The daemon reads fail2ban's
 * database for strike-1 bans, escalates repeat offenders into the tier jails over fail2ban's
 * socket, retries what fail2ban could not take, reconciles, and keeps its history in a SQLite file.
 *
 * <pre>java -cp … org.saslfail.examples.DaemonExample /var/run/fail2ban/fail2ban.sock /var/lib/fail2ban/fail2ban.sqlite3 /tmp/saslfail.db</pre>
 */
public final class DaemonExample implements AutoCloseable {
    private final OffenseStore store;
    private final Daemon daemon;

    /** The configuration, as code: the same keys as saslfail.conf, checked the same way. */
    public static Settings settings(Path fail2banSocket, Path fail2banDb, Path database) {
        return Settings.defaults()
                .with("database", database.toString())
                .with("fail2ban.socket", fail2banSocket.toString())
                .with("fail2ban.db", fail2banDb.toString())
                .with("services", "postfix")
                .with("ladder", "48h, 8d, 32d")
                .with("notify.mode", "none");
    }

    /** Opens the store and starts the daemon; every decision goes to {@code decisions}. */
    public DaemonExample(Settings settings, DecisionListener decisions) {
        store = OffenseStores.open(settings.require("database"));
        try {
            daemon = new Daemon(settings, () -> settings, Daemon.Store.of(store, store.daemon(), store.location()),
                    new Fail2banClient(Path.of(settings.require("fail2ban.socket"))), Clock.systemUTC(),
                    EventLog.systemLogger(), List.of(decisions), OwnAddresses.find());
            daemon.start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Daemon.Health health() {
        return daemon.health();
    }

    /** The store the daemon writes, to look things up in. */
    public OffenseStore store() {
        return store;
    }

    @Override
    public void close() {
        daemon.stop();
        daemon.close();
        store.close();
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = settings(Path.of(args[0]), Path.of(args[1]), Path.of(args.length > 2 ? args[2] : "saslfail.db"));
        try (DaemonExample running = new DaemonExample(settings, outcomes -> outcomes.forEach(o ->
                System.out.println(o.event().ip() + ": " + o.result().id() + " " + o.detail())))) {
            Thread.currentThread().join(); // until the JVM is stopped
        }
    }
}
