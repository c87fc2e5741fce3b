package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;
import org.saslfail.core.testing.InMemoryKnownUsers;
import org.saslfail.fail2ban.logs.JournalLines;

/**
 * How the learner keeps its place in the journal. journalctl is scripted here (what it is asked,
 * what it answers); SystemdContainerIT reads a real journal.
 */
class JournalLoginsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String CURSOR = "s=0123abcd;i=2a;b=fe01;m=1f;t=5f0a;x=99";

    private final List<List<String>> asked = new ArrayList<>();
    private final Deque<Optional<String>> answers = new ArrayDeque<>();
    private final JournalLines journal = new JournalLines(argv -> {
        asked.add(argv);
        return answers.isEmpty() ? Optional.of("") : answers.poll();
    });

    private static String login(String time, String ip, String user) {
        return time + "+0000 mx postfix/smtpd[7]: 4AB: client=unknown[" + ip + "], sasl_method=LOGIN, sasl_username=" + user + "\n";
    }

    private JournalLogins logins(Duration seed) {
        return new JournalLogins(journal, List.of(Service.POSTFIX), seed, CLOCK, ZoneOffset.UTC);
    }

    private String arg(int run, String prefix) {
        return asked.get(run).stream().filter(a -> a.startsWith(prefix)).findFirst().orElse("(none)");
    }

    @Test
    void aFirstStartReadsTheSeedWindowSliceBySliceThenFollowsTheCursor() throws IOException {
        JournalLogins j = logins(Duration.ofHours(36));
        answers.add(Optional.of(login("2026-11-29T01:00:00.000001", "198.51.100.7", "alice") + "-- cursor: s=early;i=1\n"));
        JournalLogins.Batch first = j.read(null);
        assertEquals("--since=@" + NOW.minus(Duration.ofHours(36)).getEpochSecond() + ".000000", arg(0, "--since="));
        assertEquals("--until=@" + NOW.minus(Duration.ofHours(12)).getEpochSecond() + ".000000", arg(0, "--until="));
        assertEquals("--grep=sasl_username=|Login: user=<", arg(0, "--grep="));
        assertEquals(List.of("198.51.100.7 alice"), first.logins().stream().map(l -> l.from() + " " + l.user()).toList());
        assertTrue(first.more(), "twelve hours of the window are still to read");
        assertEquals(JournalLogins.Place.from(NOW.minus(Duration.ofHours(12))), first.next());

        answers.add(Optional.of(login("2026-11-30T11:59:00.500000", "198.51.100.8", "bob") + "-- cursor: " + CURSOR + "\n"));
        JournalLogins.Batch second = j.read(first.next());
        assertEquals("(none)", arg(1, "--until="), "the last slice reads to the end, so its cursor is where to go on");
        assertEquals(false, second.more());
        assertEquals(JournalLogins.Place.after(CURSOR), second.next(), "caught up: the cursor is kept");

        JournalLogins.Batch third = j.read(second.next());
        assertEquals("--after-cursor=" + CURSOR, arg(2, "--after-cursor="));
        assertEquals("(none)", arg(2, "--since="));
        assertEquals(null, third.next(), "nothing new: the place stays");
    }

    @Test
    void aReadCutAtTheOutputCapGoesOnFromItsLastLine() throws IOException {
        answers.add(Optional.of(login("2026-11-30T11:00:00.250000", "198.51.100.7", "alice")
                + login("2026-11-30T11:00:01.750000", "198.51.100.8", "bob") + "2026-11-30T11:00:02.0000"));
        JournalLogins.Batch cut = logins(Duration.ofDays(30)).read(JournalLogins.Place.after(CURSOR));
        assertEquals(2, cut.logins().size());
        assertTrue(cut.more());
        assertEquals(JournalLogins.Place.from(Instant.parse("2026-11-30T11:00:01.750Z")), cut.next());
    }

    @Test
    void aFailedJournalctlKeepsThePlaceAndADamagedPlaceStartsOver() {
        answers.add(Optional.empty());
        assertThrows(IOException.class, () -> logins(Duration.ofDays(30)).read(JournalLogins.Place.after(CURSOR)));
        assertEquals(Optional.empty(), JournalLogins.Place.parse("cursor s=1;x=2 --evil"));
        assertEquals(Optional.empty(), JournalLogins.Place.parse("since soon"));
        JournalLogins.Place p = JournalLogins.Place.from(Instant.parse("2026-11-30T11:00:01.123456Z"));
        assertEquals(Optional.of(p), JournalLogins.Place.parse(p.text()));
        assertEquals(Optional.of(JournalLogins.Place.after(CURSOR)), JournalLogins.Place.parse("cursor " + CURSOR));
    }

    @Test
    void theLearnerStoresTheJournalsLoginsAndKeepsItsCursorInTheStoreState() throws IOException {
        InMemoryKnownUsers store = new InMemoryKnownUsers();
        Map<String, String> state = new HashMap<>();
        state.put(JournalLogins.STATE, "cursor " + CURSOR);
        LoginLearner learner = new LoginLearner(List.of(), store,
                LoginLearner.Positions.of(n -> Optional.ofNullable(state.get(n)), state::put), CLOCK, ZoneOffset.UTC)
                .withJournal(journal, List.of(Service.POSTFIX), Duration.ofDays(30));
        answers.add(Optional.of(login("2026-11-30T11:59:59.000000", "198.51.100.9", "carol") + "-- cursor: s=next;i=2b\n"));
        assertEquals(new LoginLearner.Learned(1, 1, 1), learner.poll());
        assertEquals("--after-cursor=" + CURSOR, arg(0, "--after-cursor="));
        assertEquals("cursor s=next;i=2b", state.get(JournalLogins.STATE));
        assertEquals(List.of("carol"), store.logins(IpPrefix.parse("198.51.100.9/32"), Instant.EPOCH, 10).stream()
                .map(Login::user).toList());
        assertEquals(new LoginLearner.Learned(0, 0, 0), learner.poll(), "the journal is asked again only after a while");
        assertEquals(1, asked.size());
    }
}
