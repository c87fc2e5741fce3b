package org.saslfail.installer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Real programs, except systemctl (recorded) and the steps a test makes fail. */
final class FaultyCommands implements Commands {
    final List<List<String>> calls = new ArrayList<>();
    final List<Function<List<String>, Processes.Run>> faults = new ArrayList<>();

    @Override
    public Processes.Run run(List<String> command) {
        calls.add(command);
        for (Function<List<String>, Processes.Run> f : faults) {
            Processes.Run r = f.apply(command);
            if (r != null) {
                return r;
            }
        }
        if (command.get(0).equals("systemctl")) {
            // is-enabled / is-active: not yet; everything else succeeds
            return new Processes.Run(command.get(1).startsWith("is-") ? 1 : 0, "");
        }
        return Processes.run(command);
    }

    @Override
    public boolean systemdRunning() {
        return true;
    }

    void failing(String program, String argument, int code, String output) {
        faults.add(c -> c.get(0).equals(program) && c.contains(argument) ? new Processes.Run(code, output) : null);
    }

    /** fail2ban-client -t rejects the configuration once saslfail's files are in it (the pre-flight passes). */
    void rejectingSaslfailsFiles(java.nio.file.Path configDir) {
        faults.add(c -> c.get(0).equals("fail2ban-client") && c.contains("-t")
                && java.nio.file.Files.exists(configDir.resolve("jail.d/saslfail.conf"))
                ? new Processes.Run(255, "ERROR  injected: the configuration is invalid") : null);
    }

    List<List<String>> systemctl() {
        return calls.stream().filter(c -> c.get(0).equals("systemctl")).toList();
    }
}
