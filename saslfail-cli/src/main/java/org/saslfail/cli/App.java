package org.saslfail.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.saslfail.core.config.Settings;
import org.saslfail.core.config.SettingsParser;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.fail2ban.Fail2banModule;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.notify.NotifyModule;
import org.saslfail.store.NotifyStore;
import org.saslfail.store.NotifyStores;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * The wiring for one command run: settings from {@code --config}, the store from {@code --db},
 * bound in a Guice injector. Built inside {@code call()} so that building commands stays cheap.
 */
final class App implements AutoCloseable {
    private final Injector injector;
    private final Settings settings;
    private final String database;
    private OffenseStore store;
    private NotifyStore notifyStore;
    private Fail2banClient fail2ban;

    private App(Settings settings, String database, Clock clock) {
        this.settings = settings;
        this.database = database;
        this.injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(settings);
                bind(Clock.class).toInstance(clock);
                install(new Fail2banModule());
                install(new NotifyModule());
            }

            @Provides
            @Singleton
            EscalationPolicy policy() {
                return settings.policy(ownAddresses());
            }

            @Provides
            OffenseStore store() {
                return App.this.store();
            }

            @Provides
            LoadHistoryPort history() {
                return App.this.store();
            }

            @Provides
            RecordOutcomePort recorder() {
                return App.this.store();
            }

            @Provides
            ReportQueryPort reports() {
                return App.this.store();
            }

            @Provides
            OutboxPort outbox() {
                return App.this.notifyStore();
            }

            @Provides
            SummaryQueryPort summaries() {
                return App.this.notifyStore();
            }

            @Provides
            TriedUsernamesPort tried() {
                return App.this.notifyStore();
            }

            @Provides
            KnownUserPort knownUsers() {
                return App.this.store();
            }

            @Provides
            ServiceStatusPort serviceStatus() {
                return new ServiceStatus(App.this.fail2ban(), App.this.store().daemon(), Daemon.node(settings), clock);
            }
        });
    }

    /** Reads the configuration and prepares the wiring; the store opens on first use. */
    static App open(CommonOptions options, Clock clock) {
        Settings settings = loadSettings(options);
        String database = options.db != null ? options.db : settings.require("database");
        return new App(settings, database, clock);
    }

    static Settings loadSettings(CommonOptions options) {
        Path file = options.configFile();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (options.configExplicit()) {
                throw new UsageException("config file " + file + " does not exist");
            }
            return Settings.defaults();
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        return SettingsParser.parse(file.toString(), content);
    }

    <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    Settings settings() {
        return settings;
    }

    String database() {
        return database;
    }

    /** Fails clearly when a report is asked of a SQLite file that does not exist, instead of creating it. */
    App requireExistingStore() {
        String path = database.startsWith("jdbc:sqlite:") ? database.substring("jdbc:sqlite:".length()) : database;
        if (!path.startsWith("jdbc:") && !path.startsWith(":memory:") && !Files.exists(Path.of(path))) {
            throw new UsageException("no saslfail database at " + path
                    + " (create one with 'saslfail replay' or 'saslfail import-legacy', or start the daemon)");
        }
        return this;
    }

    synchronized OffenseStore store() {
        if (store == null) {
            store = OffenseStores.open(database);
        }
        return store;
    }

    /** The outbox and summary figures, on a connection of their own (the daemon queues mail beside its writes). */
    synchronized NotifyStore notifyStore() {
        if (notifyStore == null) {
            notifyStore = NotifyStores.open(database);
        }
        return notifyStore;
    }

    /** The fail2ban client on {@code fail2ban.socket}; closed with this App. */
    synchronized Fail2banClient fail2ban() {
        if (fail2ban == null) {
            fail2ban = injector.getInstance(Fail2banClient.class);
        }
        return fail2ban;
    }

    @Override
    public synchronized void close() {
        if (fail2ban != null) {
            fail2ban.close();
            fail2ban = null;
        }
        if (notifyStore != null) {
            notifyStore.close();
            notifyStore = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** This machine's own addresses: never banned (DESIGN §2, ignore). */
    static List<IpPrefix> ownAddresses() {
        List<IpPrefix> own = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    if (zone >= 0) {
                        text = text.substring(0, zone);
                    }
                    if (IpAddress.isValid(text)) {
                        own.add(IpAddress.parse(text).asPrefix());
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no interfaces readable: the ignore list from the config still applies
        }
        return own;
    }
}
