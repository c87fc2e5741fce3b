package org.saslfail.cli.wiring;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.command.CommonOptions;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.config.Settings;
import org.saslfail.core.config.SettingsParser;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.notify.NotifyMode;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.fail2ban.EnforcementModule;
import org.saslfail.fail2ban.Fail2banModule;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.daemon.Daemon;
import org.saslfail.fail2ban.daemon.DaemonModule;
import org.saslfail.fail2ban.daemon.ServiceStatusModule;
import org.saslfail.fail2ban.daemon.OwnAddresses;
import org.saslfail.notify.NotifyModule;
import org.saslfail.store.NotifyStore;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OpenStores;
import org.saslfail.store.StoreModule;

/**
 * The wiring for one command run: settings from {@code --config}, the store from {@code --db},
 * bound in a Guice injector of the adapters' modules. Built inside {@code call()} so that building
 * commands stays cheap; nothing opens before it is asked for.
 */
public final class App implements AutoCloseable {
    private final Injector injector;
    private final Settings settings;
    private final String database;
    private final CommonOptions options;

    private App(Settings settings, String database, Clock clock, CommonOptions options) {
        this.settings = settings;
        this.database = database;
        this.options = options;
        this.injector = Guice.createInjector(StoreModule.forDatabase(database,
                settings.get("database.password_file").map(Path::of).orElse(null)).forNode(settings.get("fleet.node").orElse(null)),
                new Fail2banModule(),
                new ServiceStatusModule(), new NotifyModule(), new UseCaseModule(), NotifyModule.delivery(settings),
                new EnforcementModule(settings),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Settings.class).toInstance(settings);
                        bind(Clock.class).toInstance(clock);
                    }

                    @Provides
                    @Singleton
                    EscalationPolicy policy() {
                        return settings.policy(ownAddresses());
                    }
                });
    }

    /** The running daemon, wired from this App's modules with its log and decision listeners. */
    public Daemon daemon(com.google.inject.Module logAndListeners) {
        return injector.createChildInjector(new DaemonModule(() -> loadSettings(options)), logAndListeners)
                .getInstance(Daemon.class);
    }

    /**
     * The notifications of another configuration (a reload's): its notify.* keys over this App's
     * store and clock; {@code null} when its notify.mode is none.
     */
    public NotifyUseCase notifyUseCase(Settings fresh) {
        if (NotifyMode.parse(fresh.require("notify.mode")) == NotifyMode.NONE) {
            return null;
        }
        return Guice.createInjector(new NotifyModule(), NotifyModule.delivery(fresh), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(fresh);
                bind(Clock.class).toInstance(injector.getInstance(Clock.class));
                bind(OutboxPort.class).toInstance(injector.getInstance(OutboxPort.class));
                bind(AlertWindowPort.class).toInstance(injector.getInstance(AlertWindowPort.class));
                bind(SummaryQueryPort.class).toInstance(injector.getInstance(SummaryQueryPort.class));
                bind(ServiceStatusPort.class).toInstance(injector.getInstance(ServiceStatusPort.class));
                bind(TriedUsernamesPort.class).toInstance(injector.getInstance(TriedUsernamesPort.class));
                bind(EscalationPolicy.class).toInstance(fresh.policy(ownAddresses()));
            }
        }).getInstance(NotifyUseCase.class);
    }

    /** Reads the configuration and prepares the wiring; the store opens on first use. */
    public static App open(CommonOptions options, Clock clock) {
        Settings settings = loadSettings(options);
        String database = options.db != null ? options.db : settings.require("database");
        return new App(settings, database, clock, options);
    }

    public static Settings loadSettings(CommonOptions options) {
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

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    public Settings settings() {
        return settings;
    }

    String database() {
        return database;
    }

    /** Whether the store is this machine's own (the configuration's), not one named by {@code --db} elsewhere. */
    public boolean isLiveStore() {
        return database.equals(settings.require("database"));
    }

    /** Fails clearly when a report is asked of a SQLite file that does not exist, instead of creating it. */
    public App requireExistingStore() {
        String path = database.startsWith("jdbc:sqlite:") ? database.substring("jdbc:sqlite:".length()) : database;
        if (!path.startsWith("jdbc:") && !path.startsWith(":memory:") && !Files.exists(Path.of(path))) {
            throw new UsageException("no saslfail database at " + path
                    + " (create one with 'saslfail replay' or 'saslfail import-legacy', or start the daemon)");
        }
        return this;
    }

    public OffenseStore store() {
        return injector.getInstance(OpenStores.class).offenses();
    }

    /** The outbox and summary figures, on a connection of their own (the daemon queues mail beside its writes). */
    public NotifyStore notifyStore() {
        return injector.getInstance(OpenStores.class).notifications();
    }

    /** The fail2ban client on {@code fail2ban.socket}; closed with this App. */
    public Fail2banClient fail2ban() {
        return injector.getInstance(Fail2banClient.class);
    }

    @Override
    public synchronized void close() {
        injector.getInstance(Fail2banClient.class).close();
        injector.getInstance(OpenStores.class).close();
    }

    /** This machine's own addresses: never banned (DESIGN §2, ignore). */
    static List<IpPrefix> ownAddresses() {
        return OwnAddresses.find();
    }
}
