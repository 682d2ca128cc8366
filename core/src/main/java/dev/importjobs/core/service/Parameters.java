package dev.importjobs.core.service;

/**
 * Reads the numeric query parameters of listings, reporting each bad one with its name and range
 * (docs/model.md#listing-and-pages). Only ASCII digits count: {@code Long.parseLong} would also take a sign
 * and any Unicode digit ({@code ٢} as 2), which a client never means and the docs never promise.
 */
final class Parameters {
    static final long MAX_PAGE = Integer.MAX_VALUE;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 10;

    /** Enough digits for any value up to 2^63-1 once leading zeros are gone; more is out of range anyway. */
    private static final int MAX_DIGITS = 18;

    private Parameters() {
    }

    /** The parsed value, or {@code fallback} when absent; {@code null} (with a violation) when bad. */
    static Long integer(Violations violations, String name, String text, long min, long max, Long fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        String digits = text.trim().replaceFirst("^0+(?=.)", "");
        if (!digits.isEmpty() && digits.length() <= MAX_DIGITS && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long value = Long.parseLong(digits);
            if (value >= min && value <= max) {
                return value;
            }
        }
        violations.add(name, "must be an integer " + min + ".." + max);
        return null;
    }
}
