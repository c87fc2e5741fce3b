package org.saslfail.fail2ban.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * Hostile jail names and addresses never reach the socket: a recording server stands in for
 * fail2ban and must receive no byte from any rejected call.
 */
class BadInputTest {
    private Path dir;
    private ServerSocketChannel server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Thread recorder;

    static Stream<String> hostile() {
        return Stream.of("", " ", "a b", "jail;reboot", "$(reboot)", "`id`", "a|b", "a&&b", "a\nb", "a\rb", "a\0b",
                "../../etc", "x'y", "x\"y", "<F2B_END_COMMAND>", "<F2B_CLOSE_COMMAND>", "c__builtin__\neval\n",
                "cos\nsystem\n(S'id'\ntR.", "\u0080\u0081", "j\u00e4il", "a".repeat(65), "x".repeat(10 * 1024),
                "192.0.2.1; reboot", "192.0.2.1 192.0.2.2", "::ffff:1.2.3.4%eth0", "--all", "-1", "*");
    }

    /** Texts that would pass as jail names but are not addresses. */
    static Stream<String> badAddresses() {
        return Stream.of("1.2.3.4/33", "01.2.3.4", "256.1.1.1", "1.2.3", "2001:db8::/129", "192.0.2.1/24",
                "fe80::1:2:3:4:5:6:7:8", "localhost", "0x7f000001");
    }

    @BeforeEach
    void startRecorder() throws Exception {
        dir = Files.createTempDirectory("f2b-record-");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("rec.sock")));
        recorder = new Thread(() -> {
            try (SocketChannel ch = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (ch.read(buf) > 0) {
                    synchronized (received) {
                        received.write(buf.array(), 0, buf.position());
                    }
                    buf.clear();
                }
            } catch (Exception ignored) {
                // the test closes the server
            }
        });
        recorder.start();
    }

    @AfterEach
    void stopRecorder() throws Exception {
        server.close();
        recorder.join(2000);
        Files.deleteIfExists(dir.resolve("rec.sock"));
        Files.deleteIfExists(dir);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileTextIsRejectedBeforeTheSocket(String text) {
        try (Fail2banClient client = new Fail2banClient(dir.resolve("rec.sock"), Duration.ofSeconds(1),
                Duration.ofMillis(200))) {
            assertThrows(IllegalArgumentException.class, () -> client.status(JailName.of(text)));
            assertThrows(IllegalArgumentException.class,
                    () -> client.ban(JailName.of("saslfail-strike2"), List.of(IpPrefix.parse(text))));
            assertThrows(IllegalArgumentException.class, () -> client.jailsBanning(IpAddress.parse(text)));
            assertThrows(IllegalArgumentException.class, () -> client.call(new Command(List.of("status", text))));
            assertThrows(IllegalArgumentException.class, () -> client.call(new Command(List.of(text))));
        }
        assertEquals(0, bytesReceived(), "bytes reached the socket for " + text.length() + " chars of input");
    }

    @ParameterizedTest
    @MethodSource("badAddresses")
    void malformedAddressesAreRejectedBeforeTheSocket(String text) {
        try (Fail2banClient client = new Fail2banClient(dir.resolve("rec.sock"))) {
            assertThrows(IllegalArgumentException.class,
                    () -> client.unban(JailName.of("saslfail-strike2"), List.of(IpPrefix.parse(text))));
            assertThrows(IllegalArgumentException.class, () -> client.jailsBanning(IpAddress.parse(text)));
        }
        assertEquals(0, bytesReceived());
    }

    @Test
    void tooManyTargetsInOneRequestAreRejected() {
        List<IpPrefix> many = java.util.stream.IntStream.range(0, Command.MAX_TARGETS + 1)
                .mapToObj(i -> IpAddress.ofV4(0xC0000000L + i).asPrefix()).toList();
        try (Fail2banClient client = new Fail2banClient(dir.resolve("rec.sock"))) {
            assertThrows(IllegalArgumentException.class, () -> client.ban(JailName.of("j"), many));
        }
        assertEquals(0, bytesReceived());
    }

    @Test
    void theRecorderDoesSeeAValidRequest() throws Exception {
        try (Fail2banClient client = new Fail2banClient(dir.resolve("rec.sock"), Duration.ofSeconds(1),
                Duration.ofMillis(200))) {
            assertThrows(Fail2banException.class, client::ping); // the recorder never answers
        }
        for (int i = 0; i < 50 && bytesReceived() == 0; i++) {
            Thread.sleep(20);
        }
        assertTrue(bytesReceived() > Fail2banClient.END.length, "a valid ping must reach the recorder");
    }

    private int bytesReceived() {
        synchronized (received) {
            return received.size();
        }
    }
}
