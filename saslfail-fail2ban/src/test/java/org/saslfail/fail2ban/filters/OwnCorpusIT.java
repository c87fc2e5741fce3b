package org.saslfail.fail2ban.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Every must-match and must-not-match form of the strike-1 filters, adversarial ones included: 100 % agreement. */
class OwnCorpusIT {
    private static final String FORGED = "198.51.100.66";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"saslfail-postfix, postfix-corpus.log, 30, 20", "saslfail-dovecot, dovecot-corpus.log, 30, 15"})
    void filterAgreesWithEveryAnnotatedLine(String filter, String corpusFile, int minFailures, int minNonFailures) throws Exception {
        Corpus corpus = Corpus.ownAnnotated(FilterConformanceIT.ownCorpus(corpusFile));
        long failures = corpus.entries().stream().filter(e -> e.expectedHost() != null).count();
        assertTrue(failures >= minFailures, "only " + failures + " failure lines");
        assertTrue(corpus.entries().size() - failures >= minNonFailures, "only " + (corpus.entries().size() - failures) + " other lines");

        Fail2banRegex.Run run = Fail2banRegex.run(filter, corpus.lines(), tmp);

        List<String> wrong = corpus.disagreements(run);
        assertEquals(List.of(), wrong, wrong.size() + " of " + corpus.entries().size() + " lines disagree");
        assertTrue(run.hosts().stream().noneMatch(FORGED::equals), "an attacker-written address was taken");
    }
}
