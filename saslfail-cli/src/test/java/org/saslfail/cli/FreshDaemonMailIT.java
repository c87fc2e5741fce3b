package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.notify.LocalMailbox;

/**
 * No false alarm from a fresh daemon: started for the first time on a fresh store, in smart and then
 * in daily mode, it mails nothing (no summary of a day before it ran, so no "daemon NOT RUNNING"
 * from the daemon itself), through the real Postfix into a real mailbox.
 */
class FreshDaemonMailIT {
    private static LiveSetup live;
    private static LocalMailbox box;

    @BeforeAll
    static void start() throws Exception {
        box = LocalMailbox.create();
        live = LiveSetup.create("fresh", "60s, 120s, 240s", null, Map.of("notify.mode",
                String.join("\n", "smart", "notify.to = " + box.address(), "notify.smtp.host = 127.0.0.1")));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (live != null) {
                live.close();
            }
        } finally {
            if (box != null) {
                box.close();
            }
        }
    }

    @Test
    void aFreshDaemonInSmartAndInDailyModeMailsNothingUntilThereIsSomethingTrueToSay() throws Exception {
        for (String mode : List.of("smart", "daily")) {
            Files.writeString(live.conf, Files.readString(live.conf).replaceAll("(?m)^notify.mode = .*$", "notify.mode = " + mode));
            live.startDaemon();
            // the start-up tick has run once the heartbeat is in the store; a summary would be queued by then
            LiveSetup.waitUntil("the daemon's first heartbeat", java.time.Duration.ofSeconds(20),
                    () -> live.sql("SELECT count(*) FROM daemon_heartbeat") == 1);
            Thread.sleep(3000);
            assertTrue(live.log().contains("notifications: " + mode + " to " + box.address()), live.log());
            assertEquals(0, live.sql("SELECT count(*) FROM outbox"), mode + ": nothing queued");
            assertEquals(List.of(), box.read(), mode + ": nothing delivered");
            live.stopDaemon();
        }
        assertEquals(1, live.sql("SELECT count(*) FROM daemon_state WHERE name = 'daemon.watching_since'"));
    }
}
