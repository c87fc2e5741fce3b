package org.saslfail.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.service.EscalationService;
import org.saslfail.fail2ban.config.JailConfigWriter;
import org.saslfail.fail2ban.config.LogSource;
import org.saslfail.fail2ban.testing.Fail2banServer;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * The daemon example against a real fail2ban: a strike-1 ban of an address with an earlier
 * offense reaches the example's own listener as strike 2, and the daemon moves it into the
 * strike-2 jail of that fail2ban. The ban action is fail2ban's dummy: no firewall is touched.
 */
class DaemonExampleIT {
    private static final String IP = "192.0.2.77";

    @Test
    void aRepeatOffenderBannedByFail2banIsHeardByTheListenerAndMovedToItsTierJail() throws Exception {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("example")) {
            Path postfixLog = Files.createFile(f2b.dir().resolve("postfix.log"));
            Path database = f2b.dir().resolve("saslfail.db");
            Settings settings = DaemonExample.settings(f2b.socket(), f2b.db(), database)
                    .with("fail2ban.banaction", "dummy").with("ignore", "127.0.0.0/8");
            new JailConfigWriter(settings).withBanactionOptions(Map.of("target", f2b.dir().resolve("dummy").toString()))
                    .write(f2b.config(), Map.of(Service.POSTFIX, LogSource.file(postfixLog)));
            f2b.start();
            try (OffenseStore store = OffenseStores.open(database.toString())) {
                // a first offense ten days ago, served long since
                new EscalationService(new Escalator(settings.policy(List.of())), store, store,
                        new EmbeddingExample.RecordingFirewall())
                        .record(BanEvent.ban("saslfail-postfix", IP, Instant.now().minus(Duration.ofDays(10))));
            }

            List<Outcome> heard = new CopyOnWriteArrayList<>();
            try (DaemonExample daemon = new DaemonExample(settings, heard::addAll)) {
                f2b.client("set", "saslfail-postfix", "banip", IP);
                Fail2banServer.waitUntil("the listener hears the offense", Duration.ofSeconds(20),
                        () -> heard.stream().anyMatch(o -> o.result() == Outcome.Result.OFFENSE));
                Outcome o = heard.stream().filter(x -> x.result() == Outcome.Result.OFFENSE).findFirst().orElseThrow();
                assertEquals(2, o.offense().strike(), o.toString());
                Fail2banServer.waitUntil("fail2ban holds it in saslfail-strike2", Duration.ofSeconds(20),
                        () -> f2b.client("get", "saslfail-strike2", "banip").contains(IP));
                Fail2banServer.waitUntil("and no longer in saslfail-postfix", Duration.ofSeconds(20),
                        () -> !f2b.client("get", "saslfail-postfix", "banip").contains(IP));
                assertTrue(daemon.health().running());
                assertTrue(daemon.health().fail2banReachable());
                assertEquals(2, daemon.store().offensesWithin(o.offender()).size());
            }
        }
    }
}
