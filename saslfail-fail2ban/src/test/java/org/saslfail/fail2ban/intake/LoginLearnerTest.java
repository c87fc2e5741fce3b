package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.testing.InMemoryKnownUsers;

class LoginLearnerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private final InMemoryKnownUsers store = new InMemoryKnownUsers();
    private final Map<String, String> saved = new HashMap<>();
    private final LoginLearner.Positions positions = new LoginLearner.Positions() {
        @Override
        public Optional<String> load(String name) {
            return Optional.ofNullable(saved.get(name));
        }

        @Override
        public void save(String name, String value) {
            saved.put(name, value);
        }
    };

    private static String success(String time, String ip, String user) {
        return "Nov 30 " + time + " vm postfix/smtpd[1]: AB12: client=unknown[" + ip + "], sasl_method=PLAIN,"
                + " sasl_username=" + user + "\n";
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private LoginLearner learner(Path f) {
        return new LoginLearner(List.of(f), store, positions, CLOCK, ZoneId.of("UTC"));
    }

    private List<String> users() {
        return store.logins(IpPrefix.parse("0.0.0.0/0"), Instant.EPOCH, 100).stream().map(Login::user).sorted().toList();
    }

    @Test
    void readsOnlyWhatTheLogGainedAndWaitsForAWholeLine() throws IOException {
        Path f = dir.resolve("mail.log");
        append(f, success("10:00:00", "198.51.100.7", "alice") + "Nov 30 10:00:01 vm postfix/smtpd[1]: connect from x\n");
        LoginLearner l = learner(f);
        assertEquals(new LoginLearner.Learned(2, 1, 1), l.poll());
        String half = success("10:00:02", "198.51.100.8", "bob");
        append(f, half.substring(0, 30));
        assertEquals(new LoginLearner.Learned(0, 0, 0), l.poll());
        append(f, half.substring(30));
        assertEquals(new LoginLearner.Learned(1, 1, 1), l.poll());
        assertEquals(List.of("alice", "bob"), users());
    }

    @Test
    void aRestartGoesOnWhereTheLastRunStoppedAndARotatedLogIsReadFromItsStart() throws IOException {
        Path f = dir.resolve("mail.log");
        append(f, success("10:00:00", "198.51.100.7", "alice"));
        learner(f).poll();
        append(f, success("10:00:01", "198.51.100.8", "bob"));
        assertEquals(1, learner(f).poll().lines(), "a new learner (a restarted daemon) reads only the new line");

        Files.move(f, dir.resolve("mail.log.1"));
        append(f, success("11:00:00", "198.51.100.9", "carol"));
        assertEquals(new LoginLearner.Learned(1, 1, 1), learner(f).poll());
        assertEquals(List.of("alice", "bob", "carol"), users());
    }

    @Test
    void aFirstReadOfAHugeLogIsSpreadOverPolls() throws IOException {
        Path f = dir.resolve("mail.log");
        String filler = "Nov 30 09:00:00 vm postfix/smtpd[1]: connect from unknown[198.51.100.1]" + " ".repeat(950) + "\n";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.append(filler);
        }
        append(f, b + success("10:00:00", "198.51.100.7", "alice"));
        LoginLearner l = learner(f);
        LoginLearner.Learned first = l.poll();
        assertEquals(0, first.logins(), "the first 16 MiB hold no login");
        LoginLearner.Learned second = l.poll();
        assertEquals(20_001, first.lines() + second.lines());
        assertEquals(List.of("alice"), users());
    }
}
