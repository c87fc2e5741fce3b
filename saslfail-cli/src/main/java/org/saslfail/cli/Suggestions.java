package org.saslfail.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "Did you mean": the known words within a small edit distance of a mistyped one (a swapped,
 * missing, extra or wrong letter or two), closest first. picocli's own suggestions compare
 * letter pairs and offer {@code install} and {@code uninstall} for {@code stauts}.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The candidates at most one edit away per three letters of {@code typed} (at least one), closest first. */
    static List<String> near(String typed, Collection<String> candidates) {
        int allowed = Math.max(1, typed.length() / 3);
        List<String> found = new ArrayList<>();
        for (String c : candidates) {
            if (distance(typed, c) <= allowed) {
                found.add(c);
            }
        }
        found.sort(Comparator.comparingInt((String c) -> distance(typed, c)).thenComparing(Comparator.naturalOrder()));
        return found;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
