package org.saslfail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the class-data-sharing archive (packaging/make-cds-archive runs it with
 * {@code -XX:ArchiveClassesAtExit}): the everyday commands, each once in this one JVM, against a
 * small store with running bans of every strike, so that the archive holds the classes of the
 * paths they really take (queries, result reading, tables, JSON), not only those of an empty store.
 * Then it loads the classes of the same commands on PostgreSQL ({@value #POSTGRES_CLASSES}, listed
 * by bench/startup/postgres-classes.sh): without a server to train against, pgjdbc, its SCRAM client
 * and the JDK's sockets and crypto were read from the jar at every start, 0.2-0.3 s of each command
 * on PostgreSQL.
 * Not a command: {@code java -cp saslfail.jar org.saslfail.cli.CdsTraining DIR}.
 */
public final class CdsTraining {
    static final String POSTGRES_CLASSES = "cds-postgres.classes";
    private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path conf = Files.writeString(dir.resolve("training.conf"), "");
        Path legacy = Files.write(dir.resolve("training-history.txt"), history(LocalDateTime.now()), StandardCharsets.UTF_8);
        String db = dir.resolve("training.db").toString();
        List<List<String>> runs = List.of(
                List.of("import-legacy", legacy.toString()),
                List.of("status"), List.of("status", "--json"),
                List.of("list", "--limit", "50"), List.of("list", "--limit", "50", "--json"),
                List.of("report", "summary"), List.of("report", "summary", "--json"),
                List.of("report", "by-ip"), List.of("report", "by-date"),
                List.of("show", "198.51.100.7"));
        int failed = 0;
        for (List<String> run : runs) {
            List<String> argv = new ArrayList<>(run);
            argv.addAll(List.of("--config", conf.toString(), "--db", db));
            PrintWriter err = new PrintWriter(System.err, true);
            int code = Main.run(new PrintWriter(Writer.nullWriter()), err, argv.toArray(String[]::new));
            if (code != 0) {
                err.println("training run failed (exit " + code + "): " + String.join(" ", run));
                failed++;
            }
        }
        // the archive still works without the missing ones, it only holds fewer; the JDK's own classes
        // differ between releases (the list was made on Java 17), the driver's only after an upgrade
        long driver = loadPostgresClasses().stream().filter(n -> !n.matches("(java|javax|jdk|sun|com\\.sun)\\..*")).count();
        if (driver > 0) {
            System.err.println(driver + " classes of " + POSTGRES_CLASSES + " not found: run bench/startup/postgres-classes.sh");
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Loads (without initialising) every class of the list; returns those not found. */
    static List<String> loadPostgresClasses() throws IOException {
        List<String> missing = new ArrayList<>();
        try (var in = CdsTraining.class.getResourceAsStream(POSTGRES_CLASSES)) {
            if (in == null) {
                throw new IOException("missing resource " + POSTGRES_CLASSES);
            }
            for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name.strip(), false, CdsTraining.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add(name.strip());
                }
            }
        }
        return missing;
    }

    /** A month of the bash original's history: 60 offenders, the newest bans still running. */
    static List<String> history(LocalDateTime now) {
        List<String> rows = new ArrayList<>(List.of("timestamp|ip|jail|action|strike_level|notified"));
        String[] jails = {"postfix-sasl-first", "postfix-sasl-second", "postfix-sasl-third"};
        for (int i = 0; i < 180; i++) {
            LocalDateTime at = now.minus(Duration.ofHours(4L * (180 - i)));
            int strike = i % 3 + 1;
            String ip = i % 5 == 0 ? "2001:db8:" + Integer.toHexString(i % 60) + "::1" : "198.51.100." + (i % 60 + 1);
            rows.add(LEGACY_TIME.format(at) + "|" + ip + "|" + jails[strike - 1] + "|ban|" + strike + "|1");
        }
        return rows;
    }
}
