package org.saslfail.fail2ban.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.config.LogSource;

/** The log inspection on real directory trees, with the answers of postconf/doveconf given per test. */
class LogLocatorTest {
    @TempDir
    Path root;

    private final List<List<String>> asked = new ArrayList<>();

    private CommandRunner answering(Map<String, String> answers) {
        return argv -> {
            asked.add(argv);
            return Optional.ofNullable(answers.get(String.join(" ", argv)));
        };
    }

    private static final CommandRunner NOTHING_INSTALLED = argv -> Optional.empty();

    @Test
    void postfixOwnLogFileWinsOverSyslogFiles() throws IOException {
        touch("var/log/mail.log");
        LogLocator locator = new LogLocator(root, answering(Map.of("postconf -h maillog_file", "/var/log/postfix.log\n")));

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/postfix.log"))), locator.locate(Service.POSTFIX));
        assertEquals(List.of(List.of("postconf", "-h", "maillog_file")), asked);
    }

    @Test
    void emptyMaillogFileFallsBackToDebianMailLog() throws IOException {
        touch("var/log/mail.log");
        touch("var/log/maillog");
        LogLocator locator = new LogLocator(root, answering(Map.of("postconf -h maillog_file", "\n")));

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/mail.log"))), locator.locate(Service.POSTFIX));
    }

    @Test
    void maillogToStdoutIsNotAFile() throws IOException {
        touch("var/log/maillog");
        LogLocator locator = new LogLocator(root, answering(Map.of("postconf -h maillog_file", "/dev/stdout\n")));

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/maillog"))), locator.locate(Service.POSTFIX));
    }

    @Test
    void redHatMaillogIsFoundWithoutPostconf() throws IOException {
        touch("var/log/maillog");

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/maillog"))), new LogLocator(root, NOTHING_INSTALLED).locate(Service.POSTFIX));
    }

    @Test
    void aDirectoryNamedMailLogIsNotALogFile() throws IOException {
        Files.createDirectories(root.resolve("var/log/mail.log"));

        assertEquals(Optional.empty(), new LogLocator(root, NOTHING_INSTALLED).locate(Service.POSTFIX));
    }

    @Test
    void journalIsUsedWhenNoFileExists() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/journal"));
        LogLocator locator = new LogLocator(root, NOTHING_INSTALLED);

        LogSource postfix = locator.locate(Service.POSTFIX).orElseThrow();
        LogSource dovecot = locator.locate(Service.DOVECOT).orElseThrow();

        assertEquals(LogSource.journal(), postfix, "the saslfail filters carry the journalmatch");
        assertEquals(LogSource.journal(), dovecot);
    }

    @Test
    void syslogFileIsPreferredToTheJournal() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/journal"));
        touch("var/log/mail.log");

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/mail.log"))), new LogLocator(root, NOTHING_INSTALLED).locate(Service.DOVECOT));
    }

    @Test
    void nothingFoundIsEmpty() {
        assertEquals(Optional.empty(), new LogLocator(root, NOTHING_INSTALLED).locate(Service.DOVECOT));
    }

    @Test
    void dovecotInfoLogPathWinsOverLogPath() {
        LogLocator locator = new LogLocator(root, answering(Map.of(
                "doveconf -h info_log_path", "/var/log/dovecot-info.log\n",
                "doveconf -h log_path", "/var/log/dovecot.log\n")));

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/dovecot-info.log"))), locator.locate(Service.DOVECOT));
    }

    @Test
    void dovecotLogPathIsUsedWhenInfoLogPathIsUnset() {
        LogLocator locator = new LogLocator(root, answering(Map.of(
                "doveconf -h info_log_path", "\n",
                "doveconf -h log_path", "/var/log/dovecot.log\n")));

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/dovecot.log"))), locator.locate(Service.DOVECOT));
    }

    @Test
    void dovecotLoggingToSyslogFallsBackToMailLog() throws IOException {
        touch("var/log/mail.log");
        LogLocator locator = new LogLocator(root, answering(Map.of(
                "doveconf -h info_log_path", "\n",
                "doveconf -h log_path", "syslog\n")));

        assertEquals(Optional.of(LogSource.file(Path.of("/var/log/mail.log"))), locator.locate(Service.DOVECOT));
    }

    @Test
    void sourcesThatWouldCorruptAJailFileAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LogSource.file(Path.of("var/log/mail.log")));
        assertThrows(IllegalArgumentException.class, () -> LogSource.file(Path.of("/var/log/mail.log\nbanaction = x")));
        assertThrows(IllegalArgumentException.class, () -> LogSource.parse("/var/log/mail log"));
    }

    private void touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Nov 28 16:00:00 mail postfix/master[1]: daemon started\n");
    }
}
