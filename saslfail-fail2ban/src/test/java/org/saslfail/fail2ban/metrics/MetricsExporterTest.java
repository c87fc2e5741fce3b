package org.saslfail.fail2ban.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.saslfail.core.port.out.DecisionListener;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.core.service.EscalationService;
import org.saslfail.core.testing.InMemoryDaemonStore;
import org.saslfail.core.testing.InMemoryOffenseStore;
import org.saslfail.core.testing.RecordingJailGateway;
import org.saslfail.fail2ban.daemon.Daemon;
import org.saslfail.fail2ban.testing.PrometheusText;

class MetricsExporterTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final EventLog QUIET = new EventLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message, Throwable cause) {
        }
    };

    @TempDir
    Path dir;

    private static MetricsExporter.Sources sources(String node) {
        Daemon.Health health = new Daemon.Health(true, true, Optional.of(Duration.ofMillis(250)), 3, Optional.empty());
        DaemonStore.Heartbeat beat = new DaemonStore.Heartbeat(node, 42, NOW.minusSeconds(60), NOW.minusSeconds(2),
                Duration.ZERO, 3, "fail2ban reachable");
        return new MetricsExporter.Sources(node, () -> health, () -> Optional.of(beat), NOW.minusSeconds(60));
    }

    /** Two offenses of one address a day apart: strike 1, then strike 2, heard as the daemon hears them. */
    private static DaemonMetrics afterTwoOffenses() {
        DaemonMetrics metrics = new DaemonMetrics(3);
        InMemoryOffenseStore store = new InMemoryOffenseStore();
        EscalationService engine = new EscalationService(new Escalator(Settings.defaults().policy(List.of())), store, store,
                new RecordingJailGateway());
        metrics.decided(engine.recordAll(BanEvent.ban("saslfail-postfix", "192.0.2.7", NOW.minus(Duration.ofDays(5)))));
        metrics.decided(engine.recordAll(BanEvent.ban("saslfail-postfix", "192.0.2.7", NOW.minus(Duration.ofDays(1)))));
        return metrics;
    }

    @Test
    void bansAreCountedByStrikeAndEveryFamilyParsesStrictly() {
        DaemonMetrics metrics = afterTwoOffenses();
        Map<String, Double> m = PrometheusText.parse(MetricsExporter.render(metrics.snapshot(), sources("mx1").health().get(),
                sources("mx1").heartbeat().get(), "mx1", NOW.minusSeconds(60), NOW));
        assertEquals(1.0, m.get("saslfail_bans_total{strike=\"1\"}"), m.toString());
        assertEquals(1.0, m.get("saslfail_bans_total{strike=\"2\"}"));
        assertEquals(0.0, m.get("saslfail_bans_total{strike=\"3\"}"), "every ladder step is there from zero");
        assertEquals(2.0, m.get("saslfail_decisions_applied_total{origin=\"local\"}"));
        assertEquals(0.0, m.get("saslfail_decisions_applied_total{origin=\"fleet\"}"));
        assertEquals(1.0, m.get("saslfail_up"));
        assertEquals(1.0, m.get("saslfail_node_info{node=\"mx1\"}"));
        assertEquals(1.0, m.get("saslfail_fail2ban_up"));
        assertEquals(3.0, m.get("saslfail_pending_jail_commands"));
        assertEquals(0.25, m.get("saslfail_intake_lag_seconds"));
        assertEquals(NOW.minusSeconds(2).getEpochSecond(), m.get("saslfail_heartbeat_timestamp_seconds"));
        assertTrue(m.get("saslfail_fleet_propagation_lag_seconds").isNaN(), "absent until fleet propagation feeds it");
        assertEquals(0.0, m.get("saslfail_store_errors_total"));
    }

    @Test
    void propagationLagAndFleetDecisionsShowOnceFed() {
        DaemonMetrics metrics = new DaemonMetrics(3);
        // as the daemon's fleet thread tells its listeners after applying other nodes' decisions
        DecisionListener listener = metrics;
        listener.fleetApplied(1, Duration.ofMillis(1500));
        Map<String, Double> m = PrometheusText.parse(MetricsExporter.render(metrics.snapshot(), null, Optional.empty(), "mx2",
                NOW, NOW));
        assertEquals(1.5, m.get("saslfail_fleet_propagation_lag_seconds"));
        assertEquals(1.0, m.get("saslfail_decisions_applied_total{origin=\"fleet\"}"));
        assertEquals(0.0, m.get("saslfail_up"), "a stopping daemon is down");
        assertTrue(m.get("saslfail_heartbeat_timestamp_seconds").isNaN());
    }

    @Test
    void labelValuesAndHelpTextAreEscaped() {
        Exposition e = new Exposition().family("x_info", "gauge", "a back\\slash and a\nline feed")
                .sample("node", "q\"uote\\back\nline", 1);
        assertTrue(e.text().contains("x_info{node=\"q\\\"uote\\\\back\\nline\"} 1\n"), e.text());
        assertTrue(e.text().contains("# HELP x_info a back\\\\slash and a\\nline feed\n"), e.text());
        assertEquals(Map.of("x_info{node=\"q\\\"uote\\\\back\\nline\"}", 1.0), PrometheusText.parse(e.text()));
    }

    @Test
    void everyFailingStoreCallIsCountedAndStillThrown() {
        DaemonMetrics metrics = new DaemonMetrics(3);
        InMemoryOffenseStore history = new InMemoryOffenseStore();
        InMemoryDaemonStore memory = new InMemoryDaemonStore();
        // a store whose state reads fail, as when PostgreSQL is unreachable
        DaemonStore state = (DaemonStore) java.lang.reflect.Proxy.newProxyInstance(DaemonStore.class.getClassLoader(),
                new Class<?>[] {DaemonStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("state")) {
                        throw new IllegalStateException("store down");
                    }
                    return method.invoke(memory, args);
                });
        Daemon.Store counted = metrics.counting(new Daemon.Store(history, history, history, null, null, state, "memory", null));
        assertThrows(IllegalStateException.class, () -> counted.state().state("intake.watermark"));
        assertThrows(IllegalStateException.class, () -> counted.state().state("intake.watermark"));
        counted.state().putState("x", "y", NOW);
        assertEquals(0, counted.state().pendingCount());
        assertEquals(2, metrics.snapshot().storeErrors());
    }

    @Test
    void theTextfileIsReplacedWholeReadableByNodeExporterAndSaysDownOnceStopped() throws Exception {
        Path file = dir.resolve("saslfail.prom");
        DaemonMetrics metrics = afterTwoOffenses();
        try (MetricsExporter exporter = MetricsExporter.start(Settings.defaults().with("metrics.textfile", file.toString()),
                metrics, sources("mx1"), CLOCK, QUIET)) {
            assertTrue(exporter.address().isEmpty(), "no port unless metrics.port is set");
            Map<String, Double> m = PrometheusText.parse(Files.readString(file));
            assertEquals(1.0, m.get("saslfail_up"));
            assertEquals(1.0, m.get("saslfail_bans_total{strike=\"2\"}"));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertEquals(0.0, PrometheusText.parse(Files.readString(file)).get("saslfail_up"));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left beside it");
        }
    }

    @Test
    void aTextfileInAMissingDirectoryIsAConfigErrorNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> MetricsExporter.start(
                Settings.defaults().with("metrics.textfile", dir.resolve("none/saslfail.prom").toString()),
                new DaemonMetrics(3), sources("mx1"), CLOCK, QUIET));
        assertTrue(e.getMessage().startsWith("metrics.textfile "), e.getMessage());
    }

    @Test
    void httpServesMetricsOnLoopbackAndOnlyAtSlashMetrics() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsExporter exporter = MetricsExporter.start(Settings.defaults().with("metrics.port", Integer.toString(port)),
                afterTwoOffenses(), sources("mx1"), CLOCK, QUIET)) {
            assertTrue(exporter.address().orElseThrow().getAddress().isLoopbackAddress());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.headers().firstValue("Content-Type").orElse(""));
            assertEquals(1.0, PrometheusText.parse(ok.body()).get("saslfail_bans_total{strike=\"1\"}"));
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            ConfigException busy = assertThrows(ConfigException.class, () -> MetricsExporter.start(
                    Settings.defaults().with("metrics.port", Integer.toString(port)), new DaemonMetrics(3), sources("mx1"),
                    CLOCK, QUIET));
            assertTrue(busy.getMessage().startsWith("metrics.port " + port + ": cannot listen"), busy.getMessage());
        }
    }
}
