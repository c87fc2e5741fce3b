package org.saslfail.fail2ban.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair: {@code server} holds saslfail's table and a TCP
 * listener on port 25, {@code attacker} connects to it. Nothing touches the host's own ruleset.
 * Addresses: server 10.77.140.1 and fd77:140::1, attacker 10.77.140.2, fd77:140::2 and
 * 10.77.141.5 (in another /24, for subnet bans).
 */
public final class Netns implements AutoCloseable {
    public static final String SERVER = "10.77.140.1";
    public static final String SERVER6 = "fd77:140::1";
    public static final String ATTACKER = "10.77.140.2";
    public static final String ATTACKER6 = "fd77:140::2";
    public static final String ATTACKER_OTHER_NET = "10.77.141.5";
    public static final int PORT = 25;
    private static final String LISTENER = String.join("\n",
            "import socket, threading",
            "def serve(s):",
            "    while True:",
            "        c, _ = s.accept(); c.close()",
            "for fam, addr in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):",
            "    s = socket.socket(fam, socket.SOCK_STREAM)",
            "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "    if fam == socket.AF_INET6: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)",
            "    s.bind((addr, 25)); s.listen(64)",
            "    threading.Thread(target=serve, args=(s,), daemon=True).start()",
            "threading.Event().wait()");
    private static final String CONNECT = String.join("\n",
            "import socket, sys",
            "src, dst = sys.argv[1], sys.argv[2]",
            "fam = socket.AF_INET6 if ':' in dst else socket.AF_INET",
            "s = socket.socket(fam, socket.SOCK_STREAM); s.settimeout(1.0)",
            "s.bind((src, 0))",
            "try:",
            "    s.connect((dst, 25)); print('accepted')",
            "except OSError as e:",
            "    print('refused', e)");

    private final String server;
    private final String attacker;
    private Process listener;

    public Netns(String server, String attacker) {
        this.server = server;
        this.attacker = attacker;
    }

    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft"));
    }

    public Netns up() {
        down();
        run("ip", "netns", "add", server);
        run("ip", "netns", "add", attacker);
        run("ip", "-n", server, "link", "add", "v-" + server, "type", "veth", "peer", "name", "v-" + attacker, "netns", attacker);
        inServer("ip", "addr", "add", SERVER + "/24", "dev", "v-" + server);
        inServer("ip", "addr", "add", SERVER6 + "/64", "dev", "v-" + server, "nodad");
        inServer("ip", "link", "set", "v-" + server, "up");
        inServer("ip", "link", "set", "lo", "up");
        inServer("ip", "route", "add", "10.77.141.0/24", "dev", "v-" + server);
        inAttacker("ip", "addr", "add", ATTACKER + "/24", "dev", "v-" + attacker);
        inAttacker("ip", "addr", "add", ATTACKER_OTHER_NET + "/32", "dev", "v-" + attacker);
        inAttacker("ip", "addr", "add", ATTACKER6 + "/64", "dev", "v-" + attacker, "nodad");
        inAttacker("ip", "link", "set", "v-" + attacker, "up");
        inAttacker("ip", "link", "set", "lo", "up");
        try {
            listener = new ProcessBuilder("ip", "netns", "exec", server, "python3", "-c", LISTENER)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < 50 && !accepted(ATTACKER, SERVER); i++) {
            sleep(100);
        }
        return this;
    }

    /** The nft command that works on the server namespace's ruleset. */
    public List<String> nft() {
        return List.of("ip", "netns", "exec", server, "nft");
    }

    /** Whether the server accepts a TCP connection on port 25 from {@code source} (the attacker's address). */
    public boolean accepted(String source, String destination) {
        return inAttacker("python3", "-c", CONNECT, source, destination).startsWith("accepted");
    }

    /** Removes the server's namespace and makes an empty one, as a reboot would. */
    public void rebootServer() {
        down();
        up();
    }

    public String inServer(String... cmd) {
        return inNs(server, cmd);
    }

    public String inAttacker(String... cmd) {
        return inNs(attacker, cmd);
    }

    private static String inNs(String ns, String... cmd) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(List.of(cmd));
        return run(argv.toArray(String[]::new));
    }

    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void down() {
        if (listener != null) {
            listener.destroyForcibly();
            listener = null;
        }
        for (String ns : List.of(server, attacker)) {
            if (Files.exists(Path.of("/run/netns", ns))) {
                run("ip", "netns", "del", ns);
            }
        }
    }

    @Override
    public void close() {
        down();
    }
}
