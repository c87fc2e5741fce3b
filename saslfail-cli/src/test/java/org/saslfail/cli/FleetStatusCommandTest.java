package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.out.DaemonStore.Heartbeat;
import org.saslfail.core.port.out.FleetDecisionPort.Applied;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/** 'saslfail fleet status' over a real SQLite store that two nodes wrote to: heartbeats, lag, pending commands. */
class FleetStatusCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsEachNodeWithItsHeartbeatHowFarBehindItIsAndItsPendingCommands() throws IOException {
        Path db = dir.resolve("fleet.db");
        Path conf = dir.resolve("saslfail.conf");
        Files.writeString(conf, "fleet.node = mx1\n");
        Instant now = Instant.now();
        try (OffenseStore s = OffenseStores.open(db.toString())) {
            IpPrefix ip = IpPrefix.parse("192.0.2.7");
            s.publish(FleetDecision.ban("mx1", new Offense(ip, IpAddress.parse("192.0.2.7"), Service.POSTFIX, 2,
                    JailName.tier(2), now.minusSeconds(90), now.plus(Duration.ofDays(8)), null)));
            s.publish(FleetDecision.lift("mx1", ip, now.minusSeconds(60)));
            s.publish(FleetDecision.lift("mx1", ip, now.minusSeconds(30)));
            s.daemon("mx1").beat(new Heartbeat("mx1", 11, now.minusSeconds(3600), now.minusSeconds(2), null, 0, "ok"));
            s.daemon("mx2").beat(new Heartbeat("mx2", 12, now.minusSeconds(7200), now.minusSeconds(600), null, 3, "ok"));
            s.markApplied(new Applied("mx1", 3, now.minusSeconds(1), now));
            s.markApplied(new Applied("mx2", 1, now.minusSeconds(600), now.minusSeconds(600)));
        }
        Cli json = Cli.run("fleet", "status", "--json", "--db", db.toString(), "--config", conf.toString());
        assertEquals(0, json.code(), json.toString());
        String out = json.out().replaceAll("\\s+", "");
        assertTrue(out.contains("\"command\":\"fleetstatus\"") && out.contains("\"newest_decision\":3"), json.out());
        assertTrue(out.contains("\"node\":\"mx1\",\"daemon_running\":true"), json.out());
        assertTrue(out.contains("\"applied_decision\":3") && out.contains("\"decisions_behind\":0,\"lag_seconds\":0,\"pending_jail_commands\":0"),
                json.out());
        assertTrue(out.contains("\"node\":\"mx2\",\"daemon_running\":false"), json.out());
        assertTrue(out.matches(".*\"applied_decision\":1,\"applied_at\":\"[^\"]+\",\"decisions_behind\":2,\"lag_seconds\":(5[0-9]|6[0-9]),"
                + "\"pending_jail_commands\":3.*"), "mx2 is two decisions and about a minute behind: " + json.out());

        Cli text = Cli.run("fleet", "status", "--db", db.toString(), "--config", conf.toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("mx2") && l.contains("silent") && l.contains("#1")), text.out());
        assertTrue(text.out().contains("2 nodes; newest decision #3."), text.out());
    }
}
