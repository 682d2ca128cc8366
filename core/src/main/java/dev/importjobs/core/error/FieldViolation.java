package dev.importjobs.core.error;

import java.util.Objects;

/**
 * One broken rule: the canonical field path (for example {@code file.originalName} or
 * {@code report.numItems}'s canonical twin {@code totalRows}) and a sentence stating the rule.
 * Adapters rename the field into their own style before showing it.
 */
public record FieldViolation(String field, String message) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
