package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.fail2ban.testing.PrometheusText;

/**
 * The daemon's Prometheus metrics, scraped over HTTP from the real daemon process after real
 * bans through a real fail2ban (nftables in a table of its own; TEST-NET addresses never
 * contacted), and read from its node_exporter textfile; both checked by a strict parser and by
 * Prometheus' own promtool.
 */
class MetricsIT {
    private static final String FIRST = "198.18.30.1";
    private static final String REPEAT = "198.18.30.2";

    private static String scrape(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static Map<String, Double> checked(String text) throws IOException, InterruptedException {
        Map<String, Double> m = PrometheusText.parse(text);
        assertEquals(Optional.empty(), PrometheusText.promtool(text), "promtool check metrics on:\n" + text);
        return m;
    }

    @Test
    void aScrapeAfterRealBansCountsThemByStrikeAndTheTextfileSaysTheSameThenDown() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (LiveSetup live = LiveSetup.create("met", "60s, 120s, 240s")) {
            Path textfile = live.f2b.dir().resolve("saslfail.prom");
            Files.writeString(live.conf, "metrics.port = " + port + "\nmetrics.textfile = " + textfile + "\n",
                    StandardOpenOption.APPEND);
            // an offense of REPEAT an hour ago, long served: its next one is strike 2
            Path seed = live.f2b.dir().resolve("seed.log");
            Files.writeString(seed, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                    .format(Instant.now().minus(Duration.ofHours(1))) + ",000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban "
                    + REPEAT + "\n");
            Cli r = live.cli("replay", "--tz", "UTC", seed.toString());
            assertEquals(0, r.code(), r.toString());
            live.startDaemon();
            HttpClient http = HttpClient.newHttpClient();

            Map<String, Double> before = checked(scrape(http, port));
            assertEquals(1.0, before.get("saslfail_up"), before.toString());
            assertEquals(0.0, before.get("saslfail_bans_total{strike=\"1\"}"));

            live.f2b.client("set", "saslfail-postfix", "banip", FIRST);
            live.f2b.client("set", "saslfail-postfix", "banip", REPEAT);
            LiveSetup.waitUntil("the repeat offender moved to strike 2", Duration.ofSeconds(20),
                    () -> live.banned("saslfail-strike2").contains(REPEAT));
            LiveSetup.waitUntil("a heartbeat", Duration.ofSeconds(10),
                    () -> live.sql("SELECT count(*) FROM daemon_heartbeat") > 0);

            Map<String, Double> m = checked(scrape(http, port));
            String context = m + "\n--- daemon log\n" + live.log();
            assertEquals(1.0, m.get("saslfail_bans_total{strike=\"1\"}"), context);
            assertEquals(1.0, m.get("saslfail_bans_total{strike=\"2\"}"), context);
            assertEquals(0.0, m.get("saslfail_bans_total{strike=\"3\"}"), context);
            assertEquals(2.0, m.get("saslfail_decisions_applied_total{origin=\"local\"}"), context);
            assertEquals(1.0, m.get("saslfail_fail2ban_up"), context);
            assertEquals(0.0, m.get("saslfail_pending_jail_commands"), context);
            assertEquals(0.0, m.get("saslfail_store_errors_total"), context);
            assertEquals(1.0, m.get("saslfail_node_info{node=\"local\"}"), context);
            assertTrue(m.get("saslfail_fleet_propagation_lag_seconds").isNaN(), context);
            double beatAge = Instant.now().getEpochSecond() - m.get("saslfail_heartbeat_timestamp_seconds");
            assertTrue(beatAge >= -1 && beatAge < 20, "heartbeat " + beatAge + " s old; " + context);

            LiveSetup.waitUntil("the textfile counts the strike-2 ban", Duration.ofSeconds(25),
                    () -> Files.exists(textfile) && PrometheusText.parse(read(textfile))
                            .getOrDefault("saslfail_bans_total{strike=\"2\"}", 0.0) == 1.0);
            Map<String, Double> file = checked(read(textfile));
            assertEquals(1.0, file.get("saslfail_up"));
            assertEquals(1.0, file.get("saslfail_bans_total{strike=\"1\"}"));

            live.stopDaemon(); // SIGTERM: the JVM exits 143 after its clean stop
            assertEquals(0.0, checked(read(textfile)).get("saslfail_up"), "the last write says the daemon stopped");
            assertThrows(ConnectException.class, () -> scrape(http, port), "the port is closed with the daemon");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
