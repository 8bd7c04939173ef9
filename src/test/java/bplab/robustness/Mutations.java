package bplab.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded text mutations shared by the fuzz tests: character edits, whole lines, extreme values. */
final class Mutations {
    static final String CHARS = " \n\t:-[]{},#&*!|>'\"%@`0123456789.eE+abcxyz_~\\u00e9";
    static final String[] EXTREMES = {"0", "-1", "1e309", "99999999999", "2147483648", ".nan", "''", "[]", "{}", "~"};

    private Mutations() {}

    /** 1-4 edits of {@code base}. */
    static String mutate(String base, SplittableRandom rng) {
        return mutate(base, rng, 4);
    }

    /** 1 to {@code maxEdits} edits of {@code base}. */
    static String mutate(String base, SplittableRandom rng, int maxEdits) {
        StringBuilder sb = new StringBuilder(base);
        int edits = 1 + rng.nextInt(maxEdits);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = rng.nextInt(sb.length());
            switch (rng.nextInt(5)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, CHARS.charAt(rng.nextInt(CHARS.length())));
                case 2 -> sb.setCharAt(at, CHARS.charAt(rng.nextInt(CHARS.length())));
                case 3 -> {
                    // duplicate or drop a whole line
                    List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
                    int line = rng.nextInt(lines.size());
                    if (rng.nextBoolean()) lines.add(line, lines.get(line));
                    else lines.remove(line);
                    sb.setLength(0);
                    sb.append(String.join("\n", lines));
                }
                default -> {
                    // put an extreme value after a colon
                    int colon = sb.indexOf(":", at);
                    if (colon > 0) sb.insert(colon + 1, " " + EXTREMES[rng.nextInt(EXTREMES.length)] + " #");
                }
            }
        }
        return sb.toString();
    }
}
