package org.saslfail.fail2ban.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** The server side of the stand-in fail2ban sockets of the client tests. */
final class FakeSocket {
    private FakeSocket() {
    }

    /** Reads one request up to its end marker; false when the client hung up first. */
    static boolean readRequest(SocketChannel ch) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (!new String(got.toByteArray(), StandardCharsets.ISO_8859_1).endsWith("<F2B_END_COMMAND>")) {
            buf.clear();
            if (ch.read(buf) < 0) {
                return false;
            }
            got.write(buf.array(), 0, buf.position());
        }
        return true;
    }
}
