package org.saslfail.fail2ban.client;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.razorvine.pickle.Pickler;
import org.saslfail.core.model.JailName;

/**
 * bench/fail2ban-reply.sh: a stand-in fail2ban socket answers {@code get JAIL banip --with-time}
 * with N bans (as fail2ban 1.0.2 formats them); prints the reply size, the time the client needs to
 * read and decode it, and the heap in use after. Run with the daemon's JVM options.
 */
public final class ReplyBench {
    private ReplyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(String.format("%d.%d.%d.%d \t2026-11-28 16:02:34 + 2764800 = 2026-12-30 16:02:34",
                    10 + i / 65536 % 200, i / 256 % 256, i % 256, 1 + i % 250));
        }
        // the reply is pickled into a file and streamed from there: the client's heap is what is measured
        Path dir = Files.createTempDirectory("replybench");
        Path reply = dir.resolve("reply.bin");
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(reply))) {
            new Pickler(false).dump(List.of(0, lines), out);
            out.write(Fail2banClient.END);
        }
        lines = null;
        System.gc();
        Path sock = dir.resolve("f2b.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> serve(server, reply, rounds));
            t.setDaemon(true);
            t.start();
            System.out.printf("bans %d, reply %.1f MB, max heap %d MB%n", n, Files.size(reply) / 1e6,
                    Runtime.getRuntime().maxMemory() >> 20);
            try (Fail2banClient client = new Fail2banClient(sock, Duration.ofSeconds(5), Duration.ofSeconds(60),
                    Fail2banClient.DEFAULT_MAX_REPLY)) {
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    int got = client.bansWithTime(JailName.of("saslfail-strike3")).size();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                    System.out.printf("round %d: %d bans read and decoded in %d ms (heap in use after: %d MB)%n",
                            r + 1, got, ms, used);
                }
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(reply);
            Files.deleteIfExists(dir);
        }
    }

    private static void serve(ServerSocketChannel server, Path reply, int rounds) {
        try (SocketChannel ch = server.accept()) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            for (int r = 0; r < rounds; r++) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                while (!new String(got.toByteArray(), StandardCharsets.ISO_8859_1).endsWith("<F2B_END_COMMAND>")) {
                    buf.clear();
                    if (ch.read(buf) < 0) {
                        return;
                    }
                    got.write(buf.array(), 0, buf.position());
                }
                try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(reply)) {
                    long size = f.size();
                    for (long sent = 0; sent < size; ) {
                        sent += f.transferTo(sent, size - sent, ch);
                    }
                }
            }
        } catch (java.io.IOException ignored) {
            // the client is done
        }
    }
}
