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
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banException.Reason;

/**
 * Error replies as Python 3.11's pickle (protocol 5, what fail2ban 1.0.2 sends) encodes them,
 * served by a stand-in socket: each maps to one Fail2banException that keeps fail2ban's words.
 */
class ReplyDecodingTest {
    // (1, ValueError("not banned: ['192.0.2.1']"))
    private static final String VALUE_ERROR = "8005953f000000000000004b018c086275696c74696e73948c0a56616c75654572726f72"
            + "9493948c196e6f742062616e6e65643a205b273139322e302e322e31275d948594529486942e";
    // (1, fail2ban.exceptions.UnknownJailException("nojail"))
    private static final String UNKNOWN_JAIL = "80059541000000000000004b018c136661696c3262616e2e657863657074696f6e7394"
            + "8c14556e6b6e6f776e4a61696c457863657074696f6e9493948c066e6f6a61696c948594529486942e";
    // (1, fail2ban.exceptions.NewException("x")): a class saslfail does not know
    private static final String NEW_EXCEPTION = "80059534000000000000004b018c136661696c3262616e2e657863657074696f6e7394"
            + "8c0c4e6577457863657074696f6e9493948c0178948594529486942e";
    // "ERROR: load message failed", fail2ban's answer to a request it could not unpickle
    private static final String ERROR_STRING = "8005951e000000000000008c1a4552524f523a206c6f6164206d657373616765206661"
            + "696c6564942e";
    // (0, [IPAddr("192.0.2.7"), "192.0.2.8"]): IPAddr pickles itself as str(text)
    private static final String IPADDR_LIST = "80059538000000000000004b005d94288c086275696c74696e73948c037374729493948c"
            + "093139322e302e322e3794859452948c093139322e302e322e38946586942e";

    @TempDir
    Path dir;

    @Test
    void builtinExceptionIsARefusalWithFail2bansMessage() throws Exception {
        Fail2banException e = assertThrows(Fail2banException.class, () -> replying(VALUE_ERROR, c -> c.ping()));
        assertEquals(Reason.REFUSED, e.reason());
        assertEquals("fail2ban refused 'ping': ValueError: not banned: ['192.0.2.1']", e.getMessage());
    }

    @Test
    void unknownJailExceptionNamesTheJail() {
        Fail2banException e = assertThrows(Fail2banException.class,
                () -> replying(UNKNOWN_JAIL, c -> c.status(JailName.of("nojail"))));
        assertEquals(Reason.UNKNOWN_JAIL, e.reason());
        assertEquals("fail2ban has no jail 'nojail' (is it configured and enabled?)", e.getMessage());
    }

    @Test
    void anExceptionClassSaslfailDoesNotKnowIsAProtocolErrorNotACrash() {
        Fail2banException e = assertThrows(Fail2banException.class, () -> replying(NEW_EXCEPTION, c -> c.ping()));
        assertEquals(Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage().startsWith("unreadable reply from fail2ban to 'ping'"), e.getMessage());
    }

    @Test
    void errorStringIsARefusal() {
        Fail2banException e = assertThrows(Fail2banException.class, () -> replying(ERROR_STRING, c -> c.ping()));
        assertEquals("fail2ban: load message failed", e.getMessage());
    }

    @Test
    void addressesPickledAsStrReduceAreText() throws Exception {
        assertEquals(List.of("192.0.2.7", "192.0.2.8"), replying(IPADDR_LIST, c -> c.call(Command.ping())));
    }

    /** Runs {@code call} against a one-shot server that answers the first request with {@code hex}. */
    private Object replying(String hex, Function<Fail2banClient, Object> call) throws Exception {
        Path sock = dir.resolve("fake.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> answerOnce(server, HexFormat.of().parseHex(hex)));
            t.start();
            try (Fail2banClient client = new Fail2banClient(sock)) {
                return call.apply(client);
            } finally {
                t.join(5000);
            }
        } finally {
            Files.deleteIfExists(sock);
        }
    }

    private static void answerOnce(ServerSocketChannel server, byte[] reply) {
        try (SocketChannel ch = server.accept()) {
            if (!FakeSocket.readRequest(ch)) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(1024);
            ch.write(ByteBuffer.wrap(reply));
            ch.write(ByteBuffer.wrap(Fail2banClient.END));
            buf.clear();
            ch.read(buf); // the client's goodbye
        } catch (IOException ignored) {
            // the test has its answer
        }
    }
}
