package org.saslfail.fail2ban.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * A socket this process may not open gives a one-line "permission denied". Root may open any
 * socket, so the client runs in a child JVM whose capability bounding set lacks DAC override.
 */
class PermissionDeniedIT {

    @Test
    void socketOfAnotherUserIsPermissionDenied(@TempDir Path dir) throws Exception {
        assumeTrue(Fail2banServer.isRoot(), "needs root to hand the socket to another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sock = dir.resolve("f2b.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Files.setOwner(sock, sock.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
            Process p = new ProcessBuilder("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PermissionProbe.class.getName(), sock.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals("PERMISSION_DENIED|permission denied on fail2ban socket " + sock
                    + " (saslfail must run as root)", out);
        }
    }
}
