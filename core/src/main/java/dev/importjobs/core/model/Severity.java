package dev.importjobs.core.model;

import dev.importjobs.core.error.ImportJobsException;
import java.util.Locale;

/** How bad a line error is (docs/model.md#line-errors). */
public enum Severity {
    ERROR("error"),
    WARNING("warning"),
    SKIP("skip");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Case-insensitive; anything else is a validation error naming {@code field}. */
    public static Severity parse(String field, String input) {
        if (input != null) {
            String folded = input.toLowerCase(Locale.ROOT);
            for (Severity severity : values()) {
                if (severity.wireName.equals(folded)) {
                    return severity;
                }
            }
        }
        throw ImportJobsException.validation(field, "must be one of error, warning, skip");
    }
}
