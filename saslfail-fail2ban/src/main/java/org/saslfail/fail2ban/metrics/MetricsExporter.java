package org.saslfail.fail2ban.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.Texts;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.core.service.BackgroundTask;
import org.saslfail.fail2ban.config.Fail2banConfig;
import org.saslfail.fail2ban.daemon.Daemon;

/**
 * Exposes a daemon's metrics as {@code metrics.port} (HTTP on a loopback address only, path
 * {@code /metrics}) and/or {@code metrics.textfile} (rewritten atomically every
 * {@link #TEXTFILE_EVERY}, for node_exporter's textfile collector). Both are off unless configured;
 * {@link #start} then returns an exporter that does nothing.
 */
public final class MetricsExporter implements AutoCloseable {
    public static final Duration TEXTFILE_EVERY = Duration.ofSeconds(15);

    /** What the metrics read besides the counters: the daemon's health and its last heartbeat in the store. */
    public record Sources(String node, Supplier<Daemon.Health> health, Supplier<Optional<DaemonStore.Heartbeat>> heartbeat,
                          Instant startedAt) {
    }

    private final DaemonMetrics metrics;
    private final Sources sources;
    private final Clock clock;
    private final EventLog log;
    private volatile boolean stopping;
    private HttpServer server;
    private ScheduledExecutorService writer;
    private Path textfile;

    private MetricsExporter(DaemonMetrics metrics, Sources sources, Clock clock, EventLog log) {
        this.metrics = metrics;
        this.sources = sources;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Starts what the settings ask for.
     *
     * @throws ConfigException when metrics.port cannot be listened on (in use, say)
     */
    public static MetricsExporter start(Settings settings, DaemonMetrics metrics, Sources sources, Clock clock, EventLog log) {
        MetricsExporter e = new MetricsExporter(metrics, sources, clock, log);
        try {
            Optional<String> port = settings.get("metrics.port");
            if (port.isPresent()) {
                e.serve(settings.require("metrics.address"), Integer.parseInt(port.get().strip()));
            }
            Optional<String> file = settings.get("metrics.textfile");
            if (file.isPresent()) {
                e.writeTo(Path.of(file.get()));
            }
            return e;
        } catch (RuntimeException x) {
            e.close();
            throw x;
        }
    }

    /** The port the HTTP endpoint listens on (the configured one), or empty when it is off. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(server).map(HttpServer::getAddress);
    }

    private void serve(String address, int port) {
        try {
            InetSocketAddress where = new InetSocketAddress(InetAddress.getByName(address), port);
            if (!where.getAddress().isLoopbackAddress()) {
                throw new ConfigException("metrics.address " + address + " is not a loopback address");
            }
            server = HttpServer.create(where, 8);
        } catch (IOException e) {
            throw new ConfigException("metrics.port " + port + ": cannot listen on " + address + ":" + port + ": "
                    + Texts.oneLine(e));
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "saslfail-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        log.info("metrics: http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/metrics");
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!x.getRequestURI().getPath().equals("/metrics")) {
                reply(x, 404, "text/plain; charset=utf-8", "not found: the metrics are at /metrics\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(x, 405, "text/plain; charset=utf-8", "method not allowed\n", method);
            } else {
                reply(x, 200, Exposition.CONTENT_TYPE, render(), method);
            }
        } catch (RuntimeException e) {
            log.warn("metrics: cannot answer a scrape: " + Texts.oneLine(e));
        }
    }

    private static void reply(HttpExchange x, int status, String type, String body, String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        boolean head = method.equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void writeTo(Path file) {
        textfile = file;
        if (!java.nio.file.Files.isDirectory(file.getParent())) {
            throw new ConfigException("metrics.textfile " + file + ": directory " + file.getParent() + " does not exist");
        }
        write();
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "saslfail-metrics-textfile");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(BackgroundTask.guard("metrics textfile", this::write, log::error),
                TEXTFILE_EVERY.toMillis(), TEXTFILE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("metrics: " + file + " every " + TEXTFILE_EVERY.toSeconds() + " s");
    }

    private void write() {
        try {
            // 0644: node_exporter runs as its own user
            Fail2banConfig.writeAtomically(textfile, render().getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        } catch (UncheckedIOException e) {
            log.warn("metrics: " + Texts.oneLine(e));
        }
    }

    /** The metrics now, in Prometheus' text format. */
    public String render() {
        return render(metrics.snapshot(), stopping ? null : sources.health().get(), heartbeat(), sources.node(),
                sources.startedAt(), clock.instant());
    }

    private Optional<DaemonStore.Heartbeat> heartbeat() {
        try {
            return stopping ? Optional.empty() : sources.heartbeat().get();
        } catch (RuntimeException e) {
            metrics.storeError();
            return Optional.empty();
        }
    }

    /** @param health null once the daemon is stopping (then up is 0 and the gauges of its state are left out) */
    static String render(DaemonMetrics.Snapshot m, Daemon.Health health, Optional<DaemonStore.Heartbeat> beat, String node,
                         Instant startedAt, Instant now) {
        Exposition e = new Exposition();
        e.family("saslfail_up", "gauge", "Whether the saslfail daemon is running (1) or has stopped (0).")
                .sample(health != null && health.running() ? 1 : 0);
        e.family("saslfail_node_info", "gauge", "This daemon's fleet.node name (always 1).").sample("node", node, 1);
        e.family("saslfail_start_time_seconds", "gauge", "When this daemon started, in seconds since the epoch.")
                .sample(DaemonMetrics.seconds(startedAt));
        e.family("saslfail_heartbeat_timestamp_seconds", "gauge",
                "When this node's last heartbeat was written to the store (what saslfail doctor reads); NaN when none is on record.")
                .sample(beat.map(b -> DaemonMetrics.seconds(b.beat())).orElse(Double.NaN));
        if (health != null) {
            e.family("saslfail_fail2ban_up", "gauge", "Whether fail2ban answers on its socket (1) or not (0).")
                    .sample(health.fail2banReachable() ? 1 : 0);
            e.family("saslfail_intake_lag_seconds", "gauge",
                    "How far the ban intake is behind fail2ban's database; NaN when it cannot tell.")
                    .sample(health.intakeLag().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
            e.family("saslfail_pending_jail_commands", "gauge",
                    "Jail commands fail2ban has not taken yet (retried with backoff).").sample(health.pending());
        }
        e.family("saslfail_bans_total", "counter", "Offenses banned by this daemon since it started, by strike.");
        for (Map.Entry<Integer, Long> s : m.bansByStrike().entrySet()) {
            e.sample("strike", Integer.toString(s.getKey()), s.getValue());
        }
        e.family("saslfail_decisions_applied_total", "counter",
                "Ban decisions applied to this node's fail2ban since the daemon started, by where they were taken (local: this node; fleet: another node).")
                .sample("origin", DaemonMetrics.Origin.LOCAL.id(), m.appliedLocal())
                .sample("origin", DaemonMetrics.Origin.FLEET.id(), m.appliedFleet());
        e.family("saslfail_fleet_propagation_lag_seconds", "gauge",
                "From a decision on another node to its enforcement here, for the last such decision; NaN until one arrives.")
                .sample(m.propagationLag().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        e.family("saslfail_store_errors_total", "counter", "Store operations that failed since the daemon started.")
                .sample(m.storeErrors());
        e.family("saslfail_metrics_timestamp_seconds", "gauge", "When these metrics were taken, in seconds since the epoch.")
                .sample(DaemonMetrics.seconds(now));
        return e.text();
    }

    /** Stops serving; a textfile is written a last time with saslfail_up 0, so node_exporter shows the stop. */
    @Override
    public void close() {
        stopping = true;
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
        if (writer != null) {
            writer.shutdownNow();
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            write();
        }
    }
}
