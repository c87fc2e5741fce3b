package org.saslfail.fail2ban.filters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** Log lines with the address each must yield (null: no failure), read from an annotated corpus file. */
record Corpus(String name, List<Entry> entries) {

    /** One log line, where it came from, and what the filter must make of it. */
    record Entry(String origin, String line, String expectedHost) {
    }

    List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    /** Every disagreement between the expectation and a run, one readable line each. */
    List<String> disagreements(Fail2banRegex.Run run) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!Objects.equals(e.expectedHost(), run.host(i))) {
                wrong.add(e.origin() + ": expected " + (e.expectedHost() == null ? "no failure" : e.expectedHost())
                        + ", got " + (run.host(i) == null ? "no failure" : run.host(i)) + ": " + e.line());
            }
        }
        return wrong;
    }

    /** The shared corpora directory: {@code ../shared/corpus} beside the repository root. */
    static Path sharedCorpus() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("saslfail-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                Path corpus = p.resolveSibling("shared").resolve("corpus");
                Assumptions.assumeTrue(Files.isDirectory(corpus), "shared corpus missing: " + corpus);
                return corpus;
            }
        }
        throw new IllegalStateException("repository root not found above " + dir);
    }

    /** saslfail's own format: "# expect: ADDRESS" or "# expect: none" before each log line. */
    static Corpus ownAnnotated(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        String pending = null;
        boolean annotated = false;
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            if (line.startsWith("# expect: ")) {
                String value = line.substring("# expect: ".length()).strip();
                pending = value.equals("none") ? null : value;
                annotated = true;
            } else if (!line.startsWith("#") && !line.isBlank()) {
                if (!annotated) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": log line without an expect annotation");
                }
                entries.add(new Entry(file.getFileName() + ":" + (i + 1), line, pending));
                annotated = false;
            }
        }
        return new Corpus(file.getFileName().toString(), entries);
    }

    private static final Pattern MATCH = Pattern.compile("\"match\"\\s*:\\s*(true|false)");
    private static final Pattern HOST = Pattern.compile("\"host\"\\s*:\\s*\"([^\"]+)\"");

    /** A fail2ban test log line with its failJSON annotation (match, host) and the filterOptions block it is in. */
    record Annotated(int lineNo, String line, boolean match, String host, String filterOptions) {
    }

    /** Reads fail2ban's test-log format: "# failJSON: {...}" applies to the next line. */
    static List<Annotated> fail2banAnnotated(Path file) throws IOException {
        List<Annotated> result = new ArrayList<>();
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        String options = "";
        String json = null;
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("# filterOptions:")) {
                options = trimmed;
            } else if (trimmed.startsWith("#") && trimmed.replace(" ", "").startsWith("#failJSON:")) {
                json = trimmed;
            } else if (!trimmed.startsWith("#") && !trimmed.isEmpty()) {
                if (json == null) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": log line without failJSON");
                }
                Matcher m = MATCH.matcher(json);
                if (!m.find()) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": failJSON without match");
                }
                boolean match = Boolean.parseBoolean(m.group(1));
                Matcher h = HOST.matcher(json);
                result.add(new Annotated(i + 1, line, match, h.find() ? h.group(1) : null, options));
                json = null;
            }
        }
        return result;
    }
}
