package org.saslfail.installer;

import java.util.List;

/**
 * How the installer runs programs (tar, fail2ban-client, systemctl) and whether systemd runs
 * here. The one implementation outside tests is {@link #SYSTEM}; tests put a failure into a
 * single step through it.
 */
interface Commands {
    Commands SYSTEM = new Commands() {
        @Override
        public Processes.Run run(List<String> command) {
            return Processes.run(command);
        }

        @Override
        public boolean systemdRunning() {
            return java.nio.file.Files.isDirectory(java.nio.file.Path.of("/run/systemd/system"));
        }
    };

    /** Runs {@code command} (never through a shell) and captures its output. */
    Processes.Run run(List<String> command);

    /** Whether systemd is this machine's init (the unit can be enabled and started). */
    boolean systemdRunning();

    /** Runs and throws {@link InstallFailedException} naming the command on a non-zero exit. */
    default String check(List<String> command) {
        Processes.Run r = run(command);
        if (r.code() != 0) {
            throw new InstallFailedException(String.join(" ", command) + " failed: " + r.lastLine());
        }
        return r.output();
    }
}
