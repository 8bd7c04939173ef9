package bplab.ui;

import java.util.regex.Pattern;

/** Session ids appear in the UI's URLs (/train/SESSION/overview): letters, digits, '.', '_' and '-' only. */
public final class SessionIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private SessionIds() {}

    /** {@code parts} joined with '.', each with every other character replaced by '_'. */
    public static String of(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isEmpty()) continue;
            if (sb.length() > 0) sb.append('.');
            sb.append(p.replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        String id = sb.length() > 200 ? sb.substring(sb.length() - 200) : sb.toString();
        return id.isEmpty() ? "run" : id;
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
