package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a program for a packaging test (stderr folded into stdout), and finds the .deb mvn package built. */
final class Programs {
    record Run(int code, String out) {
    }

    private Programs() {
    }

    static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(900, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        return new Run(p.exitValue(), out);
    }

    static Path deb() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("saslfail_.*\\.deb")).findFirst().orElseThrow();
        }
    }
}
