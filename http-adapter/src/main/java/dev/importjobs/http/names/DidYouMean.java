package dev.importjobs.http.names;

import java.util.Locale;

/**
 * The one rule behind every "did you mean" a user sees: a name is a slip of a known one when it differs
 * only in case or by one edit. The HTTP adapter applies it to body fields and query parameters, the
 * runnable server to command-line options; the package is exported to the server alone.
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The first of {@code known} that {@code unknown} is a slip of (another case, or one edit away), or {@code null}. */
    public static String suggestion(Iterable<String> known, String unknown) {
        for (String candidate : known) {
            if (candidate.equalsIgnoreCase(unknown) || oneEditApart(candidate, unknown)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Whether one insertion, deletion, substitution or swap of neighbours (case-insensitively) turns one
     * into the other: {@code pagesize} and {@code limti} are one slip from {@code pageSize} and {@code limit}.
     */
    static boolean oneEditApart(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (Math.abs(x.length() - y.length()) > 1) {
            return false;
        }
        int i = 0;
        while (i < x.length() && i < y.length() && x.charAt(i) == y.charAt(i)) {
            i++;
        }
        if (x.length() == y.length()) {
            boolean swapped = i + 1 < x.length() && x.charAt(i) == y.charAt(i + 1) && x.charAt(i + 1) == y.charAt(i)
                    && x.substring(i + 2).equals(y.substring(i + 2));
            return swapped
                    || x.substring(i + Math.min(1, x.length() - i)).equals(y.substring(i + Math.min(1, y.length() - i)));
        }
        String longer = x.length() > y.length() ? x : y;
        String shorter = x.length() > y.length() ? y : x;
        return longer.substring(i + 1).equals(shorter.substring(i));
    }
}
