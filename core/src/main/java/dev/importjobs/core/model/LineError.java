package dev.importjobs.core.model;

/**
 * One problem found in the imported file (docs/model.md#line-errors).
 *
 * @param line     1-based row of the file; 0 means the file as a whole
 * @param severity {@code error} unless said otherwise
 * @param column   the column the problem is in, if known (≤ 255 characters)
 * @param code     a machine-readable code (≤ 100 characters)
 * @param message  what is wrong (1..2000 characters, required)
 * @param value    the offending cell (≤ 1000 characters)
 */
public record LineError(long line, Severity severity, String column, String code, String message, String value) {
    public static final int MAX_COLUMN = 255;
    public static final int MAX_CODE = 100;
    public static final int MAX_MESSAGE = 2000;
    public static final int MAX_VALUE = 1000;

    public LineError {
        severity = severity == null ? Severity.ERROR : severity;
    }

    /** A plain error with only a line and a message. */
    public static LineError error(long line, String message) {
        return new LineError(line, Severity.ERROR, null, null, message, null);
    }
}
