package org.saslfail.fail2ban.client;

import java.nio.file.Path;

/** Run in a child JVM without CAP_DAC_OVERRIDE by {@link PermissionDeniedIT}: pings and prints how it failed. */
public final class PermissionProbe {
    private PermissionProbe() {
    }

    public static void main(String[] args) {
        try (Fail2banClient client = new Fail2banClient(Path.of(args[0]))) {
            System.out.println("answered " + client.ping());
        } catch (Fail2banException e) {
            System.out.println(e.reason() + "|" + e.getMessage());
        }
    }
}
