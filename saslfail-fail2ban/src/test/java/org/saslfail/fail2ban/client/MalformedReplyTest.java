package org.saslfail.fail2ban.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banException.Reason;

/**
 * A stand-in fail2ban socket that answers with garbage, cut-off, oversized and forged replies:
 * every one ends in a Fail2banException, never another exception, a hang or a huge allocation. And
 * one that answers slowly: a ban of many addresses may take longer than the read time-out, a ping not.
 */
class MalformedReplyTest {
    private static final int MAX_REPLY = 64 * 1024;
    private static final JailName JAIL = JailName.of("saslfail-postfix");

    @TempDir
    Path dir;

    @Test
    void garbageIsAProtocolError() {
        assertProtocol(reply(bytes("hello, this is not a pickle")), Fail2banClient::ping);
    }

    @Test
    void aCutOffPickleIsAProtocolError() {
        byte[] good = pickle(List.of(0, "pong"));
        assertProtocol(reply(java.util.Arrays.copyOf(good, good.length / 2)), Fail2banClient::ping);
    }

    @Test
    void aForgedLengthIsRefusedBeforeAnythingIsAllocated() {
        // protocol 5, BINUNICODE announcing 2 GiB - 1 bytes, then nothing
        assertProtocol(reply(HexFormat.of().parseHex("8005" + "58ffffff7f")), Fail2banClient::ping);
        // FRAME announcing 2^62 bytes
        assertProtocol(reply(HexFormat.of().parseHex("8005" + "95" + "0000000000000040")), Fail2banClient::ping);
    }

    @Test
    void aPickleThatMakesTheUnpicklerCastIsAProtocolError() {
        // BININT1 1, MARK, BININT1 2, APPENDS: appends to an int
        assertProtocol(reply(HexFormat.of().parseHex("8002" + "4b01" + "28" + "4b02" + "65" + "2e")), Fail2banClient::ping);
        // BININT1 1, BININT1 2, BININT1 3, SETITEM: sets an item of an int
        assertProtocol(reply(HexFormat.of().parseHex("8002" + "4b01" + "4b02" + "4b03" + "73" + "2e")), Fail2banClient::ping);
    }

    @Test
    void anOversizedReplyIsCutOffAtTheConfiguredCap() {
        Fail2banException e = assertProtocol(out -> {
            byte[] chunk = new byte[8192];
            for (int i = 0; i < 2 * MAX_REPLY / chunk.length; i++) {
                out.accept(chunk);
            }
        }, Fail2banClient::ping);
        assertTrue(e.getMessage().contains("exceeds " + MAX_REPLY + " bytes (fail2ban.max_reply)"), e.getMessage());
    }

    @Test
    void aReplyOfTheWrongShapeIsAProtocolError() {
        assertProtocol(reply(pickle(List.of(0, List.of(List.of("Jail list", "saslfail-postfix, bad;name"))))),
                Fail2banClient::jails);
        assertProtocol(reply(pickle(List.of(0, List.of(List.of("not a jail name!"))))),
                c -> c.jailsBanning(IpAddress.parse("192.0.2.1")));
        assertProtocol(reply(pickle(List.of(0, List.of("x")))), c -> c.ban(JAIL, List.of(org.saslfail.core.model.IpPrefix.parse("192.0.2.1"))));
        assertProtocol(reply(pickle(List.of(0, List.of(List.of("Filter", 1))))), c -> c.status(JAIL));
        assertProtocol(reply(pickle(List.of(0, List.of("192.0.2.1 \t9999-99-99 99:99:99 + 1 = x")))), c -> c.bansWithTime(JAIL));
    }

    @Test
    void aServerThatClosesMidReplyIsNotAnswering() {
        Fail2banException e = assertThrows(Fail2banException.class,
                () -> serve(out -> out.accept(bytes("\u0080\u0005partial")), false, Fail2banClient::ping));
        assertEquals(Reason.NOT_ANSWERING, e.reason());
    }

    @Test
    void aBanOfManyAddressesMayTakeLongerThanTheReadTimeOutAndAPingMayNot() throws Exception {
        Duration read = Duration.ofMillis(300);
        Consumer<Consumer<byte[]>> slow = out -> {
            try {
                Thread.sleep(900);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(pickle(List.of(0, 20))).accept(out);
        };
        List<org.saslfail.core.model.IpPrefix> twenty = java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(i -> org.saslfail.core.model.IpPrefix.parse("192.0.2." + i)).toList();
        int[] banned = new int[1];
        serve(slow, true, read, c -> banned[0] = c.ban(JAIL, twenty));
        assertEquals(20, banned[0], "fail2ban ran its action 20 times: 0.3 s + 20 x 0.1 s to answer");
        Fail2banException e = assertThrows(Fail2banException.class, () -> serve(slow, true, read, Fail2banClient::ping));
        assertEquals(Reason.NOT_ANSWERING, e.reason());
        assertTrue(e.getMessage().endsWith("within 300 ms"), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] pickle(Object value) {
        try {
            return new Pickler(false).dumps(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Consumer<Consumer<byte[]>> reply(byte[] body) {
        return out -> {
            out.accept(body);
            out.accept(Fail2banClient.END);
        };
    }

    private Fail2banException assertProtocol(Consumer<Consumer<byte[]>> answer, Consumer<Fail2banClient> call) {
        Fail2banException e = assertThrows(Fail2banException.class, () -> serve(answer, true, call));
        assertEquals(Reason.PROTOCOL, e.reason(), e.getMessage());
        return e;
    }

    /** Runs {@code call} against a one-shot server whose answer {@code answer} writes. */
    private void serve(Consumer<Consumer<byte[]>> answer, boolean keepOpen, Consumer<Fail2banClient> call) throws Exception {
        serve(answer, keepOpen, Duration.ofSeconds(5), call);
    }

    private void serve(Consumer<Consumer<byte[]>> answer, boolean keepOpen, Duration readTimeout, Consumer<Fail2banClient> call)
            throws Exception {
        Path sock = dir.resolve("fake.sock");
        Files.deleteIfExists(sock);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> answerOnce(server, answer, keepOpen));
            t.start();
            try (Fail2banClient client = new Fail2banClient(sock, Duration.ofSeconds(5), readTimeout, MAX_REPLY)) {
                call.accept(client);
            } finally {
                t.join(5000);
            }
        } finally {
            Files.deleteIfExists(sock);
        }
    }

    private static void answerOnce(ServerSocketChannel server, Consumer<Consumer<byte[]>> answer, boolean keepOpen) {
        try (SocketChannel ch = server.accept()) {
            if (!FakeSocket.readRequest(ch)) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(1024);
            answer.accept(b -> {
                try {
                    ByteBuffer out = ByteBuffer.wrap(b);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // the client hung up: enough said
                }
            });
            if (keepOpen) {
                buf.clear();
                ch.read(buf); // the client's goodbye, or its hang-up
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // the test has its answer
        }
    }
}
