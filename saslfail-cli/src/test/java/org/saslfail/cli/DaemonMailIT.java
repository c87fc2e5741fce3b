package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.notify.LocalMailbox;
import org.saslfail.notify.ParsedMail;

/**
 * The daemon as a process ({@code java -jar saslfail.jar daemon}) with notify.mode = immediate:
 * a strike-1 ban fail2ban issues becomes a mail in a real mailbox, through the real Postfix.
 */
class DaemonMailIT {
    private static LiveSetup live;
    private static LocalMailbox box;

    @BeforeAll
    static void start() throws Exception {
        box = LocalMailbox.create();
        live = LiveSetup.create("mail", "60s, 120s, 240s");
        Files.writeString(live.conf, Files.readString(live.conf).replace("notify.mode = none", String.join("\n",
                "notify.mode = immediate", "notify.to = " + box.address(), "notify.smtp.host = 127.0.0.1")));
        live.startDaemon();
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
    void aBanFail2banIssuesArrivesAsAMail() throws Exception {
        assertTrue(live.log().contains("notifications: immediate to " + box.address()), live.log());
        live.inject("saslfail-postfix", List.of("198.18.40.1"), 1);
        List<ParsedMail> mails = box.await(1);
        assertEquals(1, mails.size());
        ParsedMail m = mails.get(0);
        assertEquals("saslfail: strike-1 ban of 198.18.40.1", m.subject());
        assertEquals(box.address(), m.message().getAllRecipients()[0].toString());
        assertTrue(m.text().contains("198.18.40.1  strike 1  postfix"), m.text());
        assertEquals(1, live.sql("SELECT count(*) FROM outbox WHERE sent_at_ms IS NOT NULL"));
    }
}
