package org.saslfail.fail2ban.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strike-1 filters against other projects' test logs in {@code ../shared/corpus}, by the rule of its
 * README: agree with every fail2ban annotation in the blocks that test authentication failures, and match
 * nothing else but SASL credential failures; every crowdsec-hub failure line from its client address.
 */
class FilterConformanceIT {
    private static final Pattern SASL_FAILURE = Pattern.compile("warning: \\S*\\[[^\\]]+\\](?::\\d+)?: SASL \\S+ authentication failed:");
    private static final Pattern BRACKETED_CLIENT = Pattern.compile("\\[([^\\]]+)\\](?::\\d+)?: SASL ");
    private static final Pattern RIP = Pattern.compile("rip=([^,\\s]+)");
    private static final Pattern USER_IP = Pattern.compile("[a-z]\\([^(),]*,([0-9A-Fa-f.:]+)[,)]");

    @TempDir
    Path tmp;

    @Test
    void postfixFilterAgreesWithFail2bansPostfixSuite() throws Exception {
        List<Corpus.Entry> entries = new ArrayList<>();
        int authBlockLines = 0;
        for (Corpus.Annotated a : Corpus.fail2banAnnotated(Corpus.sharedCorpus().resolve("fail2ban/postfix.log"))) {
            String expected;
            if (a.filterOptions().contains("\"mode\": \"auth\"")) {
                authBlockLines++;
                expected = a.match() ? a.host() : null;
            } else if (isSaslCredentialFailure(a.line())) {
                assertTrue(a.match(), () -> "line " + a.lineNo() + " is a SASL failure annotated as no match");
                expected = a.host();
            } else {
                expected = null;
            }
            entries.add(new Corpus.Entry("fail2ban/postfix.log:" + a.lineNo(), a.line(), expected));
        }
        assertTrue(authBlockLines >= 10, "the auth blocks were not found (" + authBlockLines + " lines)");
        assertAgreement(new Corpus("fail2ban/postfix.log", entries), "saslfail-postfix", 10);
    }

    @Test
    void dovecotFilterAgreesWithFail2bansDovecotSuite() throws Exception {
        List<Corpus.Entry> entries = new ArrayList<>();
        int aggressiveOnly = 0;
        for (Corpus.Annotated a : Corpus.fail2banAnnotated(Corpus.sharedCorpus().resolve("fail2ban/dovecot.log"))) {
            boolean aggressiveBlock = a.filterOptions().replace(" ", "").equals("#filterOptions:[{\"mode\":\"aggressive\"}]");
            if (aggressiveBlock) {
                aggressiveOnly++;
            }
            String expected = !aggressiveBlock && a.match() ? a.host() : null;
            entries.add(new Corpus.Entry("fail2ban/dovecot.log:" + a.lineNo(), a.line(), expected));
        }
        assertTrue(aggressiveOnly >= 5, "the aggressive block was not found (" + aggressiveOnly + " lines)");
        assertAgreement(new Corpus("fail2ban/dovecot.log", entries), "saslfail-dovecot", 45);
    }

    @Test
    void postfixFilterCatchesEveryCrowdsecSaslFailure() throws Exception {
        List<Corpus.Entry> entries = crowdsec("postfix", line -> {
            if (!line.contains("SASL") || !line.contains("authentication failed")
                    || line.contains("Connection lost to authentication server")) {
                return null;
            }
            Matcher m = BRACKETED_CLIENT.matcher(line);
            assertTrue(m.find(), () -> "no bracketed client in " + line);
            return m.group(1);
        });
        assertAgreement(new Corpus("crowdsec-hub postfix", entries), "saslfail-postfix", 13);
    }

    @Test
    void dovecotFilterCatchesEveryCrowdsecAuthFailure() throws Exception {
        List<Corpus.Entry> entries = crowdsec("dovecot", line -> {
            // the README's three phrases, plus issue 3's "pam_authenticate() failed" (its "(password mismatch?)"
            // is lower case in crowdsec's lines)
            if (!line.contains("auth failed") && !line.contains("unknown user") && !line.contains("Password mismatch")
                    && !line.contains("pam_authenticate() failed")) {
                return null;
            }
            Matcher rip = RIP.matcher(line);
            if (rip.find()) {
                return rip.group(1);
            }
            Matcher userIp = USER_IP.matcher(line);
            assertTrue(userIp.find(), () -> "no client address in " + line);
            return userIp.group(1);
        });
        assertAgreement(new Corpus("crowdsec-hub dovecot", entries), "saslfail-dovecot", 25);
    }

    @Test
    void dummyFilterMatchesNothingInAnyCorpus() throws Exception {
        List<String> lines = new ArrayList<>();
        Path shared = Corpus.sharedCorpus();
        for (String dir : List.of("fail2ban", "crowdsec-hub")) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(shared.resolve(dir), "*.log")) {
                for (Path f : files) {
                    Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(lines::add);
                }
            }
        }
        for (String own : List.of("postfix-corpus.log", "dovecot-corpus.log")) {
            lines.addAll(Files.readAllLines(ownCorpus(own), StandardCharsets.UTF_8));
        }
        lines.removeIf(String::isBlank);
        Fail2banRegex.Run run = Fail2banRegex.run("saslfail-dummy", lines, tmp);
        assertTrue(lines.size() > 400, "too few lines: " + lines.size());
        assertEquals(List.of(), run.hosts().stream().filter(h -> h != null).toList());
    }

    static Path ownCorpus(String name) {
        try {
            return Path.of(FilterConformanceIT.class.getResource("/filters/" + name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource /filters/" + name + " missing", e);
        }
    }

    private List<Corpus.Entry> crowdsec(String service, java.util.function.Function<String, String> expected) throws IOException {
        List<Corpus.Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Corpus.sharedCorpus().resolve("crowdsec-hub"), service + "-*.log")) {
            for (Path f : files) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < all.size(); i++) {
                    if (!all.get(i).isBlank()) {
                        entries.add(new Corpus.Entry("crowdsec-hub/" + f.getFileName() + ":" + (i + 1), all.get(i), expected.apply(all.get(i))));
                    }
                }
            }
        }
        return entries;
    }

    private static boolean isSaslCredentialFailure(String line) {
        return SASL_FAILURE.matcher(line).find()
                && !line.contains("Connection lost to authentication server")
                && !line.contains("Invalid authentication mechanism");
    }

    private void assertAgreement(Corpus corpus, String filter, int minFailures) throws Exception {
        long failures = corpus.entries().stream().filter(e -> e.expectedHost() != null).count();
        assertTrue(failures >= minFailures, corpus.name() + ": only " + failures + " failure lines; corpus changed?");
        Fail2banRegex.Run run = Fail2banRegex.run(filter, corpus.lines(), tmp);
        List<String> wrong = corpus.disagreements(run);
        assertEquals(List.of(), wrong, corpus.name() + ": " + wrong.size() + " of " + corpus.entries().size() + " lines disagree");
    }
}
