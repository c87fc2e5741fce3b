package org.saslfail.fail2ban.daemon;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.port.in.ApplyFleetDecisionsUseCase;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.service.BanSetSync;
import org.saslfail.core.service.BackgroundTask;
import org.saslfail.core.service.FleetApplyService;
import org.saslfail.core.service.FleetPublisher;
import org.saslfail.core.service.EscalationService;
import org.saslfail.core.service.PruneService;
import org.saslfail.core.service.ReconcileService;
import org.saslfail.core.port.in.ReconcileUseCase;
import org.saslfail.core.port.in.ReconcileUseCase.Reconciled;
import org.saslfail.core.port.in.PruneUseCase;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.Texts;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.PrunePort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.port.out.FindBanSetPort;
import org.saslfail.fail2ban.config.Fail2banConfig;
import org.saslfail.fail2ban.config.JailSpec;
import org.saslfail.fail2ban.nft.BanSetGateway;
import org.saslfail.fail2ban.nft.NftablesBanSet;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.intake.Fail2banDbIntake;
import org.saslfail.fail2ban.intake.LoginLearner;
import org.saslfail.fail2ban.logs.JournalLines;
import org.saslfail.fail2ban.logs.LogLocator;
import org.saslfail.core.port.out.KnownUserPort;

/**
 * The running daemon: fail2ban's database → intake → escalation → jails, plus a maintenance
 * tick (every second) that watches fail2ban, retries pending jail commands, reconciles after
 * fail2ban comes back, and writes the heartbeat that {@code saslfail doctor} reads.
 *
 * <p>Embeddable: build one from its parts (or with {@link DaemonModule}), then {@link #start()}
 * it (or {@link #run()} to block until {@link #stop()}), {@link #reload()} new settings,
 * read its {@link #health()}, and {@link #close()} it. Every decision goes to the
 * {@link DecisionListener}s given (notifications are one).
 *
 * <pre>{@code
 * try (OffenseStore store = OffenseStores.open(db);
 *      Daemon daemon = new Daemon(settings, () -> settings, Daemon.Store.of(store, store.daemon(), store.location()),
 *              new Fail2banClient(socket), Clock.systemUTC(), EventLog.systemLogger(), List.of(myListener),
 *              OwnAddresses.find())) {
 *     daemon.start();
 *     ...
 * }
 * }</pre>
 */
public final class Daemon implements AutoCloseable {
    /** How old the heartbeat may be while the daemon counts as running (doctor, summaries). */
    public static final Duration HEARTBEAT_FRESH = Duration.ofSeconds(20);
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration RECONCILE = Duration.ofMinutes(5);
    /** How often the nftables table's generation is compared (one small {@code nft} run; see {@link BanSetSync}). */
    static final Duration SET_CHECK = Duration.ofSeconds(10);
    static final Duration INTAKE_POLL = Duration.ofMillis(500);
    /** How long the fleet thread waits for a NOTIFY before it reads the decision log anyway (the slow poll). */
    static final Duration FLEET_POLL = Duration.ofSeconds(30);
    /** The retention prune runs this often, first this long after start (in batches: the store is never held long). */
    static final Duration PRUNE = Duration.ofDays(1);
    static final Duration FIRST_PRUNE = Duration.ofHours(1);
    /** The store's page cache while the daemon runs: its reads and writes are a few indexed pages each. */
    public static final int PAGE_CACHE_KIB = 1024;

    /**
     * The store the daemon works on: the history it reads and writes, the running bans it
     * reconciles, its own state (watermark, heartbeat, pending commands), and where it lives
     * (for the log).
     */
    public record Store(LoadHistoryPort history, RecordOutcomePort recorder, ReportQueryPort reports,
                        PrunePort prune, RunningBansPort running, DaemonStore state, String location,
                        KnownUserPort knownUsers, FleetDecisionPort fleet) {
        /** A store without a fleet's decisions: {@code fleet.node} only names the heartbeat. */
        public Store(LoadHistoryPort history, RecordOutcomePort recorder, ReportQueryPort reports, PrunePort prune,
                     RunningBansPort running, DaemonStore state, String location, KnownUserPort knownUsers) {
            this(history, recorder, reports, prune, running, state, location, knownUsers, null);
        }

        /** A store without learned logins: no address is a known user's, and none are learned. */
        public Store(LoadHistoryPort history, RecordOutcomePort recorder, ReportQueryPort reports, PrunePort prune,
                     RunningBansPort running, DaemonStore state, String location) {
            this(history, recorder, reports, prune, running, state, location, null, null);
        }

        /** For a store adapter that implements all six history ports in one object (and the fleet's decisions, if it keeps them). */
        public static <T extends LoadHistoryPort & RecordOutcomePort & ReportQueryPort & PrunePort & RunningBansPort
                & KnownUserPort> Store of(T store, DaemonStore state, String location) {
            return new Store(store, store, store, store, store, state, location, store,
                    store instanceof FleetDecisionPort f ? f : null);
        }
    }

    /**
     * How the daemon is doing, as its heartbeat says it.
     *
     * @param intakeLag how far the intake is behind fail2ban's database; empty when it cannot tell
     * @param problem   what keeps the intake from reading, if anything
     */
    public record Health(boolean running, boolean fail2banReachable, Optional<Duration> intakeLag, int pending,
                         Optional<String> problem) {
    }

    private final Supplier<Settings> configReader;
    private final Store store;
    private final DaemonStore state;
    private final Fail2banClient client;
    private final Clock clock;
    private final EventLog log;
    private final Enforcer enforcer;
    /** Under {@code enforcement = nftables}: the gateway that also feeds the ban set, and what keeps the set right; else null. */
    private final BanSetGateway banSetGateway;
    private final BanSetSync banSetSync;
    private Instant lastSetCheck = Instant.EPOCH;
    private final FindBanSetPort findBanSet;
    /** Under {@code enforcement = fail2ban}: a table left from nftables enforcement, until fail2ban enforces its bans; else null. */
    private BanSetPort leftover;
    private boolean handedOver;
    private boolean warnedListOnly;
    private final List<DecisionListener> listeners;
    private final List<IpPrefix> ownAddresses;
    private final Settings started;
    private final AtomicReference<Settings> settings = new AtomicReference<>();
    private final AtomicReference<EscalationService> engine = new AtomicReference<>();
    private final AtomicReference<EscalationPolicy> policy = new AtomicReference<>();
    private final Set<JailName> strikeOne;
    private final String node;
    /** This node in a fleet: set when fleet.node is and the store keeps the fleet's decisions. */
    private final Fleet fleet;
    private Thread fleetThread;
    private String fleetProblem;
    /** The maintenance tick's failure last logged; null while it works. */
    private String tickProblem;
    private final Instant startedAt;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Fail2banDbIntake intake;
    /** How often logins older than known_user_window are deleted. */
    static final Duration LOGIN_PURGE = Duration.ofHours(1);
    private LoginLearner logins;
    /** What the store says about fail2ban; null until the first tick writes it. */
    private Boolean fail2banUp;
    private String loginProblem;
    private Instant lastLoginPurge = Instant.EPOCH;
    private ScheduledExecutorService ticker;
    private Instant lastBeat = Instant.EPOCH;
    private volatile Instant lastReconcile = Instant.EPOCH;
    private Instant lastPrune;
    /** Jails reconcile found missing, each warned about once until it runs again. */
    private final Set<JailName> missingJails = new HashSet<>();

    /**
     * @param settings     the configuration to start with
     * @param configReader reads the configuration again on {@link #reload()}; may throw to refuse it
     * @param listeners    told of every decision, on the intake's thread
     * @param ownAddresses this machine's addresses: never banned ({@link OwnAddresses#find()})
     */
    public Daemon(Settings settings, Supplier<Settings> configReader, Store store, Fail2banClient client, Clock clock,
                  EventLog log, List<DecisionListener> listeners, List<IpPrefix> ownAddresses) {
        this(settings, configReader, store, client, clock, log, listeners, ownAddresses, Optional.empty(), s -> Optional.empty());
    }

    /**
     * @param banSet     saslfail's own ban set ({@code enforcement = nftables}), or empty when fail2ban enforces every ban
     * @param findBanSet finds a ban set of saslfail's left from {@code enforcement = nftables} when fail2ban enforces
     *                   now: its bans are handed back to the tier jails and it is removed
     */
    public Daemon(Settings settings, Supplier<Settings> configReader, Store store, Fail2banClient client, Clock clock,
                  EventLog log, List<DecisionListener> listeners, List<IpPrefix> ownAddresses, Optional<BanSetPort> banSet,
                  FindBanSetPort findBanSet) {
        this.findBanSet = findBanSet;
        this.configReader = configReader;
        this.listeners = List.copyOf(listeners);
        this.ownAddresses = List.copyOf(ownAddresses);
        this.store = store;
        this.state = store.state();
        state.limitPageCache(PAGE_CACHE_KIB);
        this.client = client;
        this.clock = clock;
        this.log = log;
        this.started = settings;
        this.strikeOne = new LinkedHashSet<>(settings.strikeOneJails().keySet());
        this.enforcer = new Enforcer(client, state, clock, log, strikeOne);
        this.banSetGateway = banSet.map(set -> new BanSetGateway(enforcer, set, policy::get, clock, log::warn)).orElse(null);
        this.banSetSync = banSet.map(set -> new BanSetSync(set, clock, settings.duration("nftables.verify_every"))).orElse(null);
        this.node = node(settings);
        this.fleet = store.fleet() == null ? null : settings.fleet().orElse(null);
        this.startedAt = clock.instant();
        watchingSince(state, node, startedAt);
        this.lastPrune = startedAt.minus(PRUNE).plus(FIRST_PRUNE);
        apply(settings);
    }

    /** The state names ServiceStatus reads: since when a daemon watches this store, since when fail2ban is down. */
    public static final String WATCHING_SINCE = "daemon.watching_since";
    public static final String FAIL2BAN_DOWN_SINCE = "fail2ban.down_since";

    /**
     * Notes, once, since when a daemon watches this store: the start of this run, or of the run
     * before if a heartbeat from it is on record (a store from before saslfail kept this).
     */
    private static void watchingSince(DaemonStore state, String node, Instant now) {
        if (state.state(WATCHING_SINCE).isEmpty()) {
            Instant since = state.heartbeat(node).map(DaemonStore.Heartbeat::started).filter(t -> t.isBefore(now)).orElse(now);
            state.putState(WATCHING_SINCE, since.toString(), now);
        }
    }

    /**
     * How far the intake of a daemon with these settings and this store is behind fail2ban's
     * database (zero when caught up); empty when that database cannot be read. Reads, changes nothing.
     */
    public static Optional<Duration> intakeLag(Settings settings, DaemonStore state, Clock clock) {
        try (Fail2banDbIntake intake = new Fail2banDbIntake(Path.of(settings.require("fail2ban.db")),
                settings.strikeOneJails().keySet(), new StoreWatermarks(state, clock), e -> { }, clock,
                Fail2banDbIntake.DEFAULT_POLL)) {
            return intake.lag();
        }
    }

    /** This daemon's name in a fleet sharing one store ({@code fleet.node}). */
    public static String node(Settings settings) {
        return settings.get("fleet.node").orElse("local");
    }

    private void apply(Settings s) {
        EscalationPolicy p = s.policy(ownAddresses);
        policy.set(p);
        settings.set(s);
        engine.set(new EscalationService(new Escalator(p), store.history(), store.recorder(),
                banSetGateway == null ? enforcer : banSetGateway, store.knownUsers(),
                fleet == null ? FleetPublisher.NONE : new FleetPublisher(fleet, store.fleet(), store.recorder())));
    }

    /** Reconciles, catches up and runs until {@link #stop()}. */
    public void run() throws InterruptedException {
        start();
        awaitStop();
    }

    /** Whether the running bans were put back into fail2ban since the start (it may have been down then). */
    public boolean reconciled() {
        return !lastReconcile.equals(Instant.EPOCH);
    }

    /** Blocks until {@link #stop()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Reconciles, catches up and starts the intake and the maintenance tick; returns at once. */
    public synchronized void start() {
        if (ticker != null) {
            throw new IllegalStateException("daemon already started");
        }
        Settings s = settings.get();
        log.info("saslfail daemon starting: store " + store.location() + ", fail2ban " + client.socket()
                + ", intake " + s.require("fail2ban.db") + ", jails " + strikeOne + ", ladder " + s.require("ladder"));
        if (enforcer.probe() || enforcer.up()) {
            reconcile("start");
            enforcer.retry(true);
        }
        enforcer.start();
        if (banSetSync != null) {
            loadBanSet();
            banSetGateway.start();
        } else {
            leftover = findLeftover(s);
            if (leftover != null) {
                handOver(clock.instant());
            }
        }
        if (fleet != null) {
            fleetThread = new Thread(BackgroundTask.guard("fleet", this::followFleet, log::error), "saslfail-fleet");
            fleetThread.setDaemon(true);
            fleetThread.start();
        }
        intake = new Fail2banDbIntake(Path.of(s.require("fail2ban.db")), strikeOne, new StoreWatermarks(state, clock),
                this::onEvent, clock, INTAKE_POLL);
        intake.start();
        logins = learner(s);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "saslfail-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(BackgroundTask.guard("maintenance", this::tick, log::error), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        log.info("saslfail daemon running (pid " + ProcessHandle.current().pid() + ")");
    }

    private void onEvent(BanEvent event) {
        List<Outcome> outcomes = engine.get().recordAll(event);
        outcomes.forEach(x -> log.info(x.event().kind() == BanEvent.Kind.SUBNET && x.result() == Outcome.Result.IGNORED
                ? describeSpared(x, policy.get(), settings.get().ignore()) : describe(x) + narrowing(x, policy.get())));
        for (DecisionListener l : listeners) {
            l.decided(outcomes);
        }
        Outcome o = outcomes.get(0);
        // a ban caught up long after it happened may have served its tier time already
        if (o.result() == Outcome.Result.OFFENSE && !o.offense().jail().equals(event.jail())
                && o.offense().expiresAt() != null && !o.offense().expiresAt().isAfter(clock.instant())) {
            enforcer.unban(o.offense().jail(), o.offender());
            log.info(o.offender() + " already served that ban while saslfail was down; lifted from " + o.offense().jail());
        }
    }

    /** Why an offense was banned as the address alone, when it was: no ban ever covers an ignored address. */
    static String narrowing(Outcome o, EscalationPolicy p) {
        return o.result() != Outcome.Result.OFFENSE || o.event().kind() != BanEvent.Kind.BAN ? ""
                : p.scopeOf(o.event().ip()).narrowing().map(n -> " (" + n + ")").orElse("");
    }

    /** The log line of one decision. */
    public static String describe(Outcome o) {
        BanEvent e = o.event();
        String head = e.kind().action() + " " + e.ip() + " in " + e.jail() + " at " + e.at() + ": ";
        return switch (o.result()) {
            case OFFENSE -> head + "offense, strike " + o.offense().strike() + " of " + o.offender()
                    + (o.offense().jail().equals(e.jail()) ? ", banned by fail2ban in " + e.jail()
                    : ", moved to " + o.offense().jail()) + " until "
                    + (o.offense().expiresAt() == null ? "forever" : o.offense().expiresAt().toString())
                    + (o.offense().knownUser() ? " (" + o.detail() + ")" : "");
            case REPEAT -> head + "no new offense (" + o.detail() + ")";
            case DUPLICATE -> head + "already recorded";
            default -> head + o.result().id() + (o.detail().isEmpty() ? "" : " (" + o.detail() + ")");
        };
    }

    /**
     * The line for a subnet that reached the threshold but holds an ignored address. The engine
     * reports it once per subnet per UTC day, so this is said once a day, not once per offense.
     *
     * @param configured the ignore entries of the configuration: any other sparing entry is one of the server's own addresses
     */
    static String describeSpared(Outcome o, EscalationPolicy p, List<IpPrefix> configured) {
        String by = p.sparedBy(o.offender())
                .map(e -> configured.contains(e) ? "ignore entry " + e : "this server's own address " + e)
                .orElse("an ignored address");
        return "subnet " + o.offender() + " spared by " + by + ", never banned: " + o.detail()
                + "; its addresses are still banned one by one (said once a day per subnet;"
                + " the daily summary lists it under 'Subnets spared')";
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            if (enforcer.probe()) {
                reconcile("fail2ban came back");
                enforcer.retry(true);
            } else if (enforcer.up()) {
                enforcer.retry(false);
                // while commands are on their way, fail2ban's ban lists are about to change
                if (Duration.between(lastReconcile, now).compareTo(RECONCILE) >= 0 && !enforcer.busy()) {
                    reconcile(null);
                }
            }
            if (banSetSync != null && (banSetGateway.takeFailure()
                    || Duration.between(lastSetCheck, now).compareTo(SET_CHECK) >= 0)) {
                checkBanSet(now);
            }
            if (leftover != null && Duration.between(lastSetCheck, now).compareTo(SET_CHECK) >= 0) {
                handOver(now);
            }
            noteFail2ban(now);
            if (Duration.between(lastBeat, now).compareTo(HEARTBEAT) >= 0) {
                beat(now);
            }
            learn(now);
            if (Duration.between(lastPrune, now).compareTo(PRUNE) >= 0) {
                prune(now);
            }
            if (tickProblem != null) {
                log.info("maintenance works again");
                tickProblem = null;
            }
        } catch (RuntimeException e) {
            // said once, not every second while the store is away
            String problem = "maintenance failed: " + Texts.oneLine(e);
            if (!problem.equals(tickProblem)) {
                log.error(problem + "; retried every " + TICK.toSeconds() + " s", e);
                tickProblem = problem;
            }
        }
    }

    /**
     * Applies the other nodes' decisions as they are committed: woken by the store (PostgreSQL
     * NOTIFY) or, failing that, every {@link #FLEET_POLL}; a node that was down catches up first.
     */
    private void followFleet() {
        FleetApplyService applier = new FleetApplyService(fleet, policy.get(), store.fleet(), fleetEnforcement());
        log.info("fleet node " + fleet.node() + " (fleet.scope = " + fleet.scope().id()
                + "): enforcing the other nodes' decisions from " + store.location());
        while (stopped.getCount() > 0) {
            try {
                ApplyFleetDecisionsUseCase.Applied a;
                do {
                    a = applier.apply(new ApplyFleetDecisionsUseCase.ApplyCommand(clock.instant()));
                    if (fleetProblem != null) {
                        log.info("fleet: the store answers again; applying the other nodes' decisions (up to #"
                                + a.upTo() + ")");
                        fleetProblem = null;
                    }
                    if (a.applied() > 0 || a.expired() > 0) {
                        log.info("fleet: applied " + a.applied() + " decision(s) of other nodes"
                                + (a.expired() > 0 ? ", lifted " + a.expired() + " of their ended ban(s)" : "")
                                + " (up to #" + a.upTo() + ")");
                    }
                    if (a.newestAt() != null) {
                        Duration lag = Duration.between(a.newestAt(), clock.instant());
                        for (DecisionListener l : listeners) {
                            l.fleetApplied(a.applied(), lag.isNegative() ? Duration.ZERO : lag);
                        }
                    }
                } while (a.more());
                store.fleet().await(a.upTo(), FLEET_POLL);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                String problem = Texts.oneLine(e);
                if (!problem.equals(fleetProblem)) {
                    log.warn("fleet: cannot apply the other nodes' decisions now: " + problem + "; retrying");
                    fleetProblem = problem;
                }
                try {
                    Thread.sleep(FLEET_RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    static final Duration FLEET_RETRY = Duration.ofSeconds(5);

    /**
     * Where the other nodes' decisions go: straight to fail2ban (batched, kept pending when it cannot
     * take them), or under {@code enforcement = nftables} through the ban-set gateway, which puts
     * saslfail's own kinds of ban into its table too (its fail2ban commands are queued and kept the same way).
     */
    private JailEnforcementPort fleetEnforcement() {
        if (banSetGateway == null) {
            return enforcer;
        }
        return new JailEnforcementPort() {
            @Override
            public List<JailCommand> enforce(List<JailCommand> commands) {
                for (JailCommand c : commands) {
                    if (c.op() == DaemonStore.Op.BAN) {
                        banSetGateway.ban(c.jail(), c.target());
                    } else {
                        banSetGateway.unban(c.jail(), c.target());
                    }
                }
                return commands;
            }

            @Override
            public void keep(JailCommand command, String why) {
                enforcer.keep(command, why);
            }
        };
    }

    /** Follows the mail logs for successful logins (known users), unless known_users = off. */
    private LoginLearner learner(Settings s) {
        if (!policy.get().knownUsers().on() || store.knownUsers() == null) {
            log.info("known users off (known_users = " + policy.get().knownUsers().mode().id() + ")");
            return null;
        }
        LoginLearner.Sources sources = LoginLearner.sources(s, LogLocator.forThisMachine());
        for (Service service : sources.missing()) {
            log.warn("known users: no log found for " + service.id() + " (set log." + service.id()
                    + "), its successful logins are not learned");
        }
        if (sources.files().isEmpty() && sources.journal().isEmpty()) {
            return null;
        }
        LoginLearner learner = new LoginLearner(sources.files(), store.knownUsers(), LoginLearner.Positions.of(state::state,
                (name, value) -> state.putState(name, value, clock.instant())), clock, java.time.ZoneId.systemDefault())
                .withJournal(JournalLines.forThisMachine(), sources.journal(), policy.get().knownUsers().window());
        log.info("learning successful logins from " + (sources.files().isEmpty() ? "" : sources.files()
                + (sources.journal().isEmpty() ? "" : " and "))
                + (sources.journal().isEmpty() ? "" : "the journal of " + sources.journal().stream().map(Service::id).toList())
                + " (known_users = " + policy.get().knownUsers().mode().id()
                + ", known_user_window " + s.require("known_user_window") + ")");
        return learner;
    }

    private void learn(Instant now) {
        if (logins == null) {
            return;
        }
        try {
            LoginLearner.Learned l = logins.poll();
            if (l.newRows() > 0) {
                log.info("known users: " + l.newRows() + " new address/user pair(s) from " + l.logins() + " login(s)");
            }
            loginProblem = null;
            if (Duration.between(lastLoginPurge, now).compareTo(LOGIN_PURGE) >= 0) {
                store.knownUsers().forgetLogins(now.minus(policy.get().knownUsers().window()));
                lastLoginPurge = now;
            }
        } catch (java.io.IOException | RuntimeException e) {
            String problem = Texts.oneLine(e);
            if (!problem.equals(loginProblem)) {
                log.warn("cannot learn logins: " + problem);
                loginProblem = problem;
            }
        }
    }

    private void reconcile(String why) {
        try {
            Instant now = clock.instant();
            Reconciled r = new ReconcileService(policy.get(), store.reports(), client, enforcer, fleet)
                    .reconcile(new ReconcileUseCase.ReconcileCommand(now));
            lastReconcile = now;
            for (JailName jail : r.missingJails()) {
                if (missingJails.add(jail)) {
                    log.warn("fail2ban has no jail " + jail + " (run 'saslfail fail2ban write-config' and reload fail2ban)");
                }
            }
            missingJails.retainAll(r.missingJails());
            if (why != null || r.banned() > 0 || r.liftedFromStrikeOne() > 0) {
                log.info("reconciled" + (why == null ? "" : " (" + why + ")") + ": " + r.alreadyEnforced()
                        + " bans already enforced, " + r.banned() + " re-banned, " + r.liftedFromStrikeOne()
                        + " lifted from strike-1 jails");
            }
        } catch (JailUnavailableException e) {
            log.warn("cannot reconcile with fail2ban now: " + e.getMessage());
        }
    }

    /** Every running ban into saslfail's ban set, in one transaction, before the intake starts. */
    private void loadBanSet() {
        try {
            long t0 = System.nanoTime();
            BanSetSync.Result r = banSetSync.load(policy.get(), store.running());
            log.info("nftables: loaded " + r.elements() + " running bans into table " + NftablesBanSet.TABLE + " in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (BanSetException e) {
            log.warn("nftables: cannot load the ban set: " + e.getMessage() + "; retried at the next check");
        }
        lastSetCheck = clock.instant();
    }

    /** The cheap generation check; the full diff when it is due or a batch failed (see {@link BanSetSync}). */
    private void checkBanSet(Instant now) {
        lastSetCheck = now;
        try {
            long t0 = System.nanoTime();
            BanSetSync.Result r = banSetSync.check(policy.get(), store.running());
            if (r != null) {
                // a verification or reload: once an hour by default, worth a line with its cost
                log.info("nftables: " + r.how() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + r.elements()
                        + " elements; mended " + r.missing() + " missing, " + r.extra() + " that should be gone, "
                        + r.wrongExpiry() + " with a wrong timeout");
            }
        } catch (BanSetException e) {
            log.warn("nftables: cannot check the ban set: " + e.getMessage());
        }
    }

    private BanSetPort findLeftover(Settings s) {
        try {
            return findBanSet.find(s).orElse(null);
        } catch (BanSetException e) {
            log.warn("enforcement = fail2ban: cannot tell whether saslfail's nftables table is left: " + e.getMessage());
            return null;
        }
    }

    /**
     * Under {@code enforcement = fail2ban} with a table left from {@code enforcement = nftables}: once
     * fail2ban's tier jails run a real action again (after {@code saslfail fail2ban write-config} and a
     * reload), re-sends every running ban of saslfail's to its jail (a lift and a ban: fail2ban runs no
     * action for a ban it holds), and removes the table when fail2ban has taken them all. Until then the
     * table keeps enforcing, so no ban goes missing on the way.
     */
    private void handOver(Instant now) {
        lastSetCheck = now;
        try {
            if (!handedOver) {
                // fail2ban 1.0's reload drops a jail's old action and its new one alike: only a restart swaps them
                List<String> notEnforcing = new java.util.ArrayList<>();
                for (JailSpec spec : Fail2banConfig.jails(settings.get())) {
                    String expected = Fail2banConfig.actionName(settings.get(), spec);
                    List<String> actions = spec.strikeOne() ? List.of() : client.actions(spec.name());
                    if (!spec.strikeOne() && !actions.contains(expected)) {
                        notEnforcing.add(spec.name() + " runs " + actions + ", not " + expected);
                    }
                }
                if (!notEnforcing.isEmpty()) {
                    if (!warnedListOnly) {
                        log.warn("enforcement = fail2ban, but fail2ban's jail " + String.join(", ", notEnforcing)
                                + " (run 'saslfail fail2ban write-config' and restart fail2ban); " + leftover.location()
                                + " keeps enforcing until they do");
                        warnedListOnly = true;
                    }
                    return;
                }
                int[] sent = {0};
                EscalationPolicy p = policy.get();
                store.running().forEachRunningBan(now, (offender, jail, expiresAt) -> {
                    if (p.ownBan(jail, offender)) {
                        enforcer.unban(jail, offender);
                        enforcer.ban(jail, offender);
                        sent[0]++;
                    }
                });
                handedOver = true;
                log.info("enforcement = fail2ban: handing " + sent[0] + " running bans from " + leftover.location()
                        + " back to fail2ban's jails; the table goes once fail2ban has them all");
                return;
            }
            if (!enforcer.busy() && state.pendingCount() == 0) {
                leftover.drop();
                log.info("enforcement = fail2ban: removed " + leftover.location() + "; fail2ban's jails enforce every ban");
                leftover = null;
            }
        } catch (BanSetException | JailUnavailableException e) {
            log.warn("enforcement = fail2ban: cannot hand " + leftover.location() + " back to fail2ban yet: " + e.getMessage());
        }
    }

    /** Keeps since when fail2ban is unreachable in the store ("" while it answers), for the summaries' warning. */
    private void noteFail2ban(Instant now) {
        boolean up = enforcer.up();
        if (fail2banUp == null || up != fail2banUp) {
            state.putState(FAIL2BAN_DOWN_SINCE, up ? "" : now.toString(), now);
            fail2banUp = up;
        }
    }

    private void prune(Instant now) {
        lastPrune = now;
        var pruned = PruneService.configured(settings.get(), store.prune()).prune(new PruneUseCase.PruneCommand(now, false));
        log.info("retention (" + Durations.format(settings.get().retention()) + "): " + pruned.describe());
    }

    private void beat(Instant now) {
        Optional<Duration> lag = intake == null ? Optional.empty() : intake.lag();
        BanSetSync.Result set = banSetSync == null ? null : banSetSync.last();
        if (set != null) {
            state.putState(BanSetSync.STATE, set.encode(), now);
        }
        String detail = (enforcer.up() ? "fail2ban reachable" : "fail2ban unreachable")
                + (intake != null && intake.problem().isPresent() ? "; " + intake.problem().get() : "");
        state.beat(new DaemonStore.Heartbeat(node, ProcessHandle.current().pid(), startedAt, now, lag.orElse(null),
                state.pendingCount(), detail));
        lastBeat = now;
    }

    /** What the next heartbeat would say. */
    public Health health() {
        Optional<Duration> lag = intake == null ? Optional.empty() : intake.lag();
        return new Health(ticker != null && stopped.getCount() > 0, enforcer.up(), lag, state.pendingCount(),
                intake == null ? Optional.empty() : intake.problem());
    }

    /**
     * Re-reads the configuration (SIGHUP); a bad file keeps the running configuration. The
     * decision listeners get the new one (notifications take the notify.* keys from it).
     */
    public void reload() {
        Settings fresh;
        try {
            fresh = configReader.get();
            fresh.policy(java.util.List.of());
        } catch (RuntimeException e) {
            log.error("reload refused, keeping the running configuration: " + Texts.oneLine(e), null);
            return;
        }
        for (String key : java.util.List.of("database", "fail2ban.socket", "fail2ban.db", "services", "fleet.node",
                "fleet.scope", "enforcement", "nftables.command", "nftables.ports")) {
            if (!fresh.get(key).equals(started.get(key))) {
                log.warn("reload: " + key + " changed; it takes effect at the next restart");
            }
        }
        apply(fresh);
        for (DecisionListener l : listeners) {
            l.reconfigured(fresh);
        }
        log.info("reloaded configuration: ladder " + fresh.require("ladder") + ", forget_after "
                + fresh.require("forget_after") + ", ignore " + fresh.require("ignore"));
    }

    /** Makes {@link #run()} return; {@link #close()} then stops the threads. */
    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (intake != null) {
            intake.close();
        }
        if (fleetThread != null) {
            fleetThread.interrupt();
            try {
                fleetThread.join(FLEET_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (banSetGateway != null) {
            banSetGateway.close();
        }
        enforcer.close();
        client.close();
    }
}
