package dev.importjobs.core.service;

/** Reads the numeric query parameters of listings, reporting each bad one with its name and range. */
final class Parameters {
    static final long MAX_PAGE = Integer.MAX_VALUE;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 10;

    private Parameters() {
    }

    /** The parsed value, or {@code fallback} when absent; {@code null} (with a violation) when bad. */
    static Long integer(Violations violations, String name, String text, long min, long max, Long fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        violations.add(name, "must be an integer " + min + ".." + max);
        return null;
    }
}
