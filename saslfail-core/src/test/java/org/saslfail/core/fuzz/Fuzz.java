package org.saslfail.core.fuzz;

import java.util.Random;

/**
 * Seeded random text for the parser fuzz tests: mutations of valid samples (characters replaced,
 * inserted, deleted, fields repeated) mixed from an alphabet of the characters that matter to the
 * formats, control characters, non-ASCII digits and lone surrogates. A failure prints its seed and
 * input, so it can be replayed.
 */
public final class Fuzz {
    private static final String ALPHABET = "0123456789abcdefABCDEF:./|=#, -_\t\n\r\"\\[]()%+zZT"
            + "\u0000\u007f\u00a0\u0661\u0967\uff11\uff41\u2028\ud800\udfff\u00e9\u4e2d\ufeff";

    private final Random random;

    public Fuzz(long seed) {
        this.random = new Random(seed);
    }

    /** A mutation of {@code sample}, or now and then pure noise; up to about {@code max} characters. */
    public String next(String sample, int max) {
        if (random.nextInt(10) == 0) {
            return noise(random.nextInt(max + 1));
        }
        StringBuilder sb = new StringBuilder(sample);
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, pick());
                    }
                }
                case 1 -> sb.insert(at, pick());
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
                case 3 -> sb.insert(at, noise(random.nextInt(20)));
                case 4 -> {
                    // a long run of one character: what backtracking patterns choke on
                    sb.insert(at, String.valueOf(pick()).repeat(random.nextInt(Math.max(1, max / 2))));
                }
                default -> sb.setLength(at);
            }
        }
        return sb.length() > max ? sb.substring(0, max) : sb.toString();
    }

    private String noise(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pick());
        }
        return sb.toString();
    }

    private char pick() {
        return ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
}
