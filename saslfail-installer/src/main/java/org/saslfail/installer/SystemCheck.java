package org.saslfail.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The installer's preconditions: root, Java 17 or later, fail2ban 0.11 or later. */
final class SystemCheck {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private SystemCheck() {
    }

    static void requireRoot() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            uid = "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
        if (uid != 0) {
            throw new InstallFailedException("must run as root (it writes fail2ban's configuration): try sudo saslfail ...");
        }
    }

    /** The running Java's feature version, checked to be at least 17. */
    static int requireJava() {
        int feature = Runtime.version().feature();
        if (feature < 17) {
            throw new InstallFailedException("Java " + feature + " is too old: saslfail needs Java 17 or later");
        }
        return feature;
    }

    /** fail2ban's version ("1.0.2"), checked to be at least 0.11. */
    static String requireFail2ban(Commands commands) {
        Processes.Run r = commands.run(List.of("fail2ban-client", "--version"));
        if (r.code() == 127) {
            throw new InstallFailedException("fail2ban is not installed (no fail2ban-client on the PATH): "
                    + "apt-get install fail2ban, then run saslfail install again");
        }
        Matcher m = VERSION.matcher(r.output());
        if (r.code() != 0 || !m.find()) {
            throw new InstallFailedException("cannot tell fail2ban's version: fail2ban-client --version said "
                    + r.lastLine());
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major == 0 && minor < 11) {
            throw new InstallFailedException("fail2ban " + m.group() + " is too old: saslfail needs 0.11 or later "
                    + "(for bantime per jail and the ban database it reads)");
        }
        return m.group().startsWith("v") ? m.group().substring(1) : m.group();
    }

    /** nftables' version ("1.0.6") when its {@code nft} program runs, else empty. */
    static java.util.Optional<String> nftables() {
        Processes.Run r = Processes.run(List.of("nft", "--version"));
        Matcher m = VERSION.matcher(r.output());
        return r.code() == 0 && m.find() ? java.util.Optional.of(m.group().replaceFirst("^v", "")) : java.util.Optional.empty();
    }
}
