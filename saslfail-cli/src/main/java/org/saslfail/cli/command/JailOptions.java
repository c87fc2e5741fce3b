package org.saslfail.cli.command;

import org.saslfail.cli.NonBlank;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the services log and extra banaction parameters: for the commands that write jails. */
public final class JailOptions {
    @Option(names = "--log-postfix", paramLabel = "FILE", converter = NonBlank.Text.class, description = "Postfix's log file, or 'systemd' (default: detected).")
    String logPostfix;

    @Option(names = "--log-dovecot", paramLabel = "FILE", converter = NonBlank.Text.class, description = "Dovecot's log file, or 'systemd' (default: detected).")
    String logDovecot;

    @Option(names = "--banaction-option", paramLabel = "KEY=VALUE", description = "An extra banaction parameter, e.g. table=f2b-table.")
    Map<String, String> banactionOptions = new LinkedHashMap<>();

    /** The log.* keys given. */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        if (logPostfix != null) {
            v.put("log.postfix", InstallerOptions.log("--log-postfix", logPostfix));
        }
        if (logDovecot != null) {
            v.put("log.dovecot", InstallerOptions.log("--log-dovecot", logDovecot));
        }
        return v;
    }
}
