package dev.importjobs.core.query;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A listing order: one field and a direction. Ties break by {@code id} in the same direction and
 * {@code null} keys sort last in both directions, so every order is total and pages never overlap.
 */
public record Sort(SortField field, boolean descending) {
    /** The order when none is asked for: newest first. */
    public static final Sort DEFAULT = new Sort(SortField.CREATED_AT, true);

    /** What {@code sort} must match: style B's pattern, verbatim, a word (dots allowed) and an optional direction. */
    public static final String SYNTAX = "^[\\w.]*((:asc)|(:desc))?$";
    private static final Pattern PATTERN = Pattern.compile(SYNTAX);

    /**
     * Parses {@code field}, {@code field:asc} or {@code field:desc}; {@code null} or empty gives
     * {@link #DEFAULT}, a bare direction ({@code :asc}) applies to the default field.
     */
    public static Sort parse(String input) {
        if (input == null || input.isEmpty()) {
            return DEFAULT;
        }
        Matcher matcher = PATTERN.matcher(input);
        if (!matcher.matches()) {
            throw ImportJobsException.validation("sort",
                    "must match " + SYNTAX + ", for example createdAt:desc");
        }
        String direction = matcher.group(1);
        String name = direction == null ? input : input.substring(0, matcher.start(1));
        boolean descending = ":desc".equals(direction);
        if (name.isEmpty()) {
            return new Sort(DEFAULT.field, direction == null ? DEFAULT.descending : descending);
        }
        SortField field = SortField.named(name);
        if (field == null) {
            throw ImportJobsException.validation("sort",
                    "cannot sort by '" + name + "'; allowed fields: " + SortField.ALLOWED);
        }
        return new Sort(field, descending);
    }

    /** The canonical spelling, for fingerprints and echoing back. */
    public String canonical() {
        return field.canonicalName() + (descending ? ":desc" : ":asc");
    }

    /** The order of this sort over jobs, as every store must produce it. */
    public Comparator<ImportJob> comparator() {
        return (a, b) -> compareKeys(field.keyOf(a), a.id(), field.keyOf(b), b.id());
    }

    /**
     * Compares two (key, id) positions in this order. Strings compare by code point, which is the
     * order of their UTF-8 bytes (SQLite's BINARY collation).
     */
    public int compareKeys(Object keyA, String idA, Object keyB, String idB) {
        if (keyA == null || keyB == null) {
            if (keyA != keyB) {
                return keyA == null ? 1 : -1;
            }
        } else {
            int byKey = compareNonNull(keyA, keyB);
            if (byKey != 0) {
                return descending ? -byKey : byKey;
            }
        }
        int byId = idA.compareTo(idB);
        return descending ? -byId : byId;
    }

    private static int compareNonNull(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return compareCodePoints((String) a, (String) b);
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
