package org.saslfail.fail2ban.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Pickler;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.exec.ChildProcess;
import org.saslfail.fail2ban.client.Fail2banException.Reason;

/**
 * A client for fail2ban's control socket (DESIGN §2 "fail2ban socket"). Requests are pickled
 * lists of fixed command words and validated values; replies are unpickled {@code (code, result)}
 * tuples. One connection is kept open and reused; after any failure it is dropped and the next
 * call connects afresh. Calls are serialised; every wait is bounded by the timeouts.
 */
public final class Fail2banClient implements org.saslfail.core.port.out.JailAdminPort, AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * What a ban or unban command's reply may take on top of the read time-out, per address: fail2ban
     * answers once its action ran for every address, one process each with the nftables and iptables
     * actions (tens of milliseconds, more on a busy machine). Without it, a batch of 200 taken in 8 s
     * would read as "fail2ban did not answer" and be sent again.
     */
    static final Duration PER_TARGET = Duration.ofMillis(100);
    /** How long {@code fail2ban-client reload} may take (it restarts every jail) before it is killed. */
    static final Duration RELOAD_LIMIT = Duration.ofSeconds(60);

    static final byte[] END = "<F2B_END_COMMAND>".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CLOSE = "<F2B_CLOSE_COMMAND>".getBytes(StandardCharsets.US_ASCII);
    /**
     * The default cap on one reply ({@code fail2ban.max_reply}): a ban list with times for 200,000
     * addresses is about 14 MB; anything far larger is not fail2ban.
     */
    public static final int DEFAULT_MAX_REPLY = 32 << 20;

    static {
        RemoteError.register();
    }

    private final Path socket;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxReply;
    private SocketChannel channel;
    private Selector selector;

    public Fail2banClient(Path socket) {
        this(socket, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public Fail2banClient(Path socket, Duration connectTimeout, Duration readTimeout) {
        this(socket, connectTimeout, readTimeout, DEFAULT_MAX_REPLY);
    }

    /** @param maxReply the largest reply accepted, in bytes; a larger one is a protocol error, never an allocation */
    public Fail2banClient(Path socket, Duration connectTimeout, Duration readTimeout, int maxReply) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        if (maxReply < 1024) {
            throw new IllegalArgumentException("fail2ban.max_reply must be at least 1 KiB, got " + maxReply);
        }
        this.maxReply = maxReply;
    }

    public Path socket() {
        return socket;
    }

    /** This client as the core's {@link org.saslfail.core.port.out.JailGateway}. */
    public org.saslfail.core.port.out.JailGateway gateway() {
        return new SocketJailGateway(this);
    }

    /** fail2ban's answer to {@code ping}: "pong" when it is alive. */
    public String ping() {
        return ask(Command.ping(), String::valueOf);
    }

    @Override
    public void requireReachable() {
        ping();
    }

    @Override
    public java.util.Set<JailName> runningJails() {
        return new java.util.LinkedHashSet<>(jails());
    }

    /** The names of the running jails ({@code status}). */
    public List<JailName> jails() {
        return ask(Command.status(), reply -> {
            Object list = Replies.field(reply, "Jail list");
            List<JailName> jails = new ArrayList<>();
            for (String name : String.valueOf(list).split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    jails.add(JailName.of(name));
                }
            }
            return jails;
        });
    }

    /** The counters and ban list of one jail ({@code status JAIL}). */
    public JailStatus status(JailName jail) {
        return ask(Command.status(jail), reply -> Replies.jailStatus(jail, reply));
    }

    /** What the jail holds ({@code status JAIL}); entries that are not addresses or networks are left out. */
    @Override
    public List<IpPrefix> held(JailName jail) {
        List<IpPrefix> held = new ArrayList<>();
        for (String entry : status(jail).banned()) {
            try {
                held.add(IpPrefix.parseLenient(entry));
            } catch (IllegalArgumentException e) {
                // not an address saslfail would have banned
            }
        }
        return held;
    }

    /** Bans the targets in the jail for its ban time; returns how many were newly banned. */
    @Override
    public int ban(JailName jail, Collection<IpPrefix> targets) {
        return ask(Command.banIp(jail, targets), Replies::count);
    }

    /** Lifts the targets from the jail; targets not banned are skipped. Returns how many were lifted. */
    @Override
    public int unban(JailName jail, Collection<IpPrefix> targets) {
        return ask(Command.unbanIp(jail, targets), Replies::count);
    }

    /** The jail's bans with their start and length ({@code get JAIL banip --with-time}). */
    public List<BanEntry> bansWithTime(JailName jail) {
        return ask(Command.bannedWithTime(jail), Replies::bansWithTime);
    }

    /** The jails in which {@code ip} is banned ({@code banned IP}). */
    public List<JailName> jailsBanning(IpAddress ip) {
        return ask(Command.banned(ip), Replies::bannedIn);
    }

    /** The jail's ban time in seconds, -1 for permanent ({@code get JAIL bantime}). */
    public long banTimeSeconds(JailName jail) {
        return ask(Command.banTime(jail), Replies::count);
    }

    /** The names of the jail's actions ({@code get JAIL actions}). */
    public List<String> actions(JailName jail) {
        return ask(Command.actions(jail), Fail2banClient::names);
    }

    private static List<String> names(Object reply) {
        List<String> names = new ArrayList<>();
        if (reply instanceof Collection<?> c) {
            c.forEach(a -> names.add(String.valueOf(a)));
        } else if (reply instanceof Object[] a) {
            for (Object o : a) {
                names.add(String.valueOf(o));
            }
        } else if (reply != null) {
            names.add(String.valueOf(reply));
        }
        return names;
    }

    /**
     * Makes fail2ban re-read its configuration. The socket's {@code reload} needs the jail
     * commands that only fail2ban's own client derives from the config files, so this runs
     * {@code fail2ban-client -c DIR -s SOCKET reload} (fixed arguments, no shell).
     */
    public void reload(Path configDir) {
        List<String> command = List.of("fail2ban-client", "-c", configDir.toString(), "-s", socket.toString(), "reload");
        ChildProcess.Result r;
        try {
            r = ChildProcess.run(command, null, RELOAD_LIMIT, 64 * 1024);
        } catch (IOException e) {
            throw new Fail2banException(Reason.NOT_ANSWERING, "cannot run fail2ban-client reload: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fail2banException(Reason.NOT_ANSWERING, "interrupted while fail2ban reloaded", e);
        }
        if (r.timedOut()) {
            throw new Fail2banException(Reason.NOT_ANSWERING, "fail2ban-client reload did not finish within "
                    + RELOAD_LIMIT.toSeconds() + " s and was stopped: " + r.lastLine());
        }
        if (r.code() != 0) {
            throw new Fail2banException(Reason.REFUSED, "fail2ban-client reload failed: " + r.lastLine());
        }
    }

    /**
     * Sends one command and reads its result with {@code read}: a result of an unexpected shape
     * (a jail name that is not one, a list where a number belongs) is a {@link Fail2banException}
     * like every other bad reply, never a ClassCastException or IllegalArgumentException.
     */
    private <T> T ask(Command command, java.util.function.Function<Object, T> read) {
        Object result = call(command);
        try {
            return read.apply(result);
        } catch (Fail2banException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Fail2banException(Reason.PROTOCOL, "unexpected reply from fail2ban to '" + command.words().get(0)
                    + "': " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * Sends one command and returns fail2ban's result, or throws {@link Fail2banException}. A
     * kept connection that fail2ban closed meanwhile (it restarted) is retried once on a fresh
     * one; every command saslfail sends is idempotent, so a retry cannot double an effect.
     */
    synchronized Object call(Command command) {
        Command.check(command.words());
        byte[] request = encode(command);
        boolean reused = channel != null;
        try {
            return exchange(command, request);
        } catch (IOException e) {
            if (!reused) {
                throw failure(e);
            }
        }
        try {
            return exchange(command, request);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** One request and its reply; an IOException means the connection broke and has been dropped. */
    private Object exchange(Command command, byte[] request) throws IOException {
        try {
            if (channel == null) {
                connect();
            }
            Duration timeout = readTimeout.plus(PER_TARGET.multipliedBy(command.targets()));
            write(request, timeout);
            return decode(command, readReply(timeout));
        } catch (Fail2banException e) {
            if (e.reason() != Reason.REFUSED && e.reason() != Reason.UNKNOWN_JAIL) {
                drop();
            }
            throw e;
        } catch (IOException e) {
            drop();
            throw e;
        }
    }

    private static byte[] encode(Command command) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + command.words().size() * 48);
            new Pickler(false).dump(new ArrayList<>(command.words()), out);
            out.write(END);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("pickling into memory failed", e);
        }
    }

    private Object decode(Command command, Reply reply) {
        Object value;
        try {
            value = new BoundedUnpickler().load(new java.io.ByteArrayInputStream(reply.bytes, 0, reply.length));
        } catch (IOException | RuntimeException e) {
            // any RuntimeException, not just PickleException: a malformed pickle makes the unpickler cast what it finds
            throw new Fail2banException(Reason.PROTOCOL, "unreadable reply from fail2ban to '" + command.words().get(0)
                    + "': " + e.getMessage(), e);
        }
        if (value instanceof String s && s.startsWith("ERROR:")) {
            throw new Fail2banException(Reason.REFUSED, "fail2ban: " + oneLine(s.substring(6).strip()));
        }
        Object[] pair = Replies.pair(value);
        if (pair == null) {
            throw new Fail2banException(Reason.PROTOCOL, "unexpected reply from fail2ban: "
                    + (value == null ? "None" : value.getClass().getSimpleName()));
        }
        int code = ((Number) pair[0]).intValue();
        if (code == 0) {
            return pair[1];
        }
        if (pair[1] instanceof RemoteError err && err.isUnknownJail()) {
            throw new Fail2banException(Reason.UNKNOWN_JAIL, "fail2ban has no jail " + err.message()
                    + " (is it configured and enabled?)");
        }
        String what = pair[1] instanceof RemoteError err ? err.toString() : String.valueOf(pair[1]);
        throw new Fail2banException(Reason.REFUSED, "fail2ban refused '" + command + "': " + oneLine(what));
    }

    private void connect() throws IOException {
        if (!Files.exists(socket)) {
            throw new Fail2banException(Reason.SOCKET_MISSING, "fail2ban socket " + socket
                    + " does not exist (is fail2ban running? see fail2ban.socket)");
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector sel = Selector.open();
        try {
            ch.configureBlocking(false);
            if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
                ch.register(sel, SelectionKey.OP_CONNECT);
                if (sel.select(connectTimeout.toMillis()) == 0) {
                    throw new Fail2banException(Reason.NOT_ANSWERING, "fail2ban did not accept a connection on "
                            + socket + " within " + connectTimeout.toMillis() + " ms");
                }
                ch.finishConnect();
            }
            ch.register(sel, 0);
        } catch (IOException | RuntimeException e) {
            sel.close();
            ch.close();
            throw e;
        }
        channel = ch;
        selector = sel;
    }

    private void write(byte[] request, Duration timeout) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(request);
        SelectionKey key = channel.keyFor(selector);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                waitReady(deadline, timeout);
            }
        }
    }

    /** A reply's pickle: the first {@code length} bytes of {@code bytes} (the end marker cut off). */
    private record Reply(byte[] bytes, int length) {
    }

    /**
     * Reads up to the end marker into one buffer that doubles when full (never copied per read),
     * up to {@code maxReply} bytes.
     */
    private Reply readReply(Duration timeout) throws IOException {
        int limit = maxReply + END.length;
        byte[] bytes = new byte[8192];
        int length = 0;
        SelectionKey key = channel.keyFor(selector);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (length == bytes.length) {
                if (length >= limit) {
                    throw new Fail2banException(Reason.PROTOCOL, "reply from fail2ban on " + socket + " exceeds "
                            + maxReply + " bytes (fail2ban.max_reply)");
                }
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(limit, 2L * bytes.length));
            }
            int n = channel.read(ByteBuffer.wrap(bytes, length, bytes.length - length));
            if (n < 0) {
                throw new java.io.EOFException("closed without answering");
            }
            if (n == 0) {
                key.interestOps(SelectionKey.OP_READ);
                waitReady(deadline, timeout);
                continue;
            }
            length += n;
            if (endsWithEnd(bytes, length)) {
                return new Reply(bytes, length - END.length);
            }
        }
    }

    private void waitReady(long deadline, Duration timeout) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || selector.select(left) == 0) {
            throw new Fail2banException(Reason.NOT_ANSWERING, "fail2ban did not answer on " + socket + " within "
                    + timeout.toMillis() + " ms");
        }
        selector.selectedKeys().clear();
    }

    private static boolean endsWithEnd(byte[] bytes, int length) {
        if (length < END.length) {
            return false;
        }
        for (int i = 0; i < END.length; i++) {
            if (bytes[length - END.length + i] != END[i]) {
                return false;
            }
        }
        return true;
    }

    private Fail2banException failure(IOException e) {
        if (e instanceof java.io.EOFException) {
            return new Fail2banException(Reason.NOT_ANSWERING, "fail2ban closed the connection on " + socket
                    + " without answering", e);
        }
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (msg.contains("permission denied") || e instanceof java.nio.file.AccessDeniedException) {
            return new Fail2banException(Reason.PERMISSION_DENIED, "permission denied on fail2ban socket " + socket
                    + " (saslfail must run as root)", e);
        }
        if (msg.contains("no such file")) {
            return new Fail2banException(Reason.SOCKET_MISSING, "fail2ban socket " + socket
                    + " does not exist (is fail2ban running? see fail2ban.socket)", e);
        }
        if (msg.contains("connection refused")) {
            return new Fail2banException(Reason.NOT_ANSWERING, "fail2ban is not answering on " + socket
                    + " (connection refused: stale socket, is fail2ban running?)", e);
        }
        return new Fail2banException(Reason.NOT_ANSWERING, "lost connection to fail2ban on " + socket + ": "
                + e.getMessage(), e);
    }

    /** fail2ban's own words, kept to one line of reasonable length. */
    private static String oneLine(String s) {
        String flat = s.replaceAll("\\p{Cntrl}+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }

    private void drop() {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        channel = null;
        selector = null;
    }

    /** Says goodbye as fail2ban's own client does and closes the connection. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                ByteBuffer bye = ByteBuffer.allocate(CLOSE.length + END.length).put(CLOSE).put(END).flip();
                channel.write(bye);
            } catch (IOException ignored) {
                // the server may already be gone
            }
        }
        drop();
    }
}
