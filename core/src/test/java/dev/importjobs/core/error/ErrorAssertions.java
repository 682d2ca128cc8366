package dev.importjobs.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Assertions on {@link ImportJobsException}s shared by the unit tests of every core package. */
public final class ErrorAssertions {
    private ErrorAssertions() {
    }

    public static FieldViolation violation(String field, String message) {
        return new FieldViolation(field, message);
    }

    /** Asserts that {@code action} fails with {@code code} and returns the exception. */
    public static ImportJobsException assertFails(ErrorCode code, Executable action) {
        ImportJobsException e = assertThrows(ImportJobsException.class, action);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        return e;
    }

    /** Asserts a validation failure with exactly these violations, in this order. */
    public static ImportJobsException assertViolations(Executable action, FieldViolation... expected) {
        ImportJobsException e = assertFails(ErrorCode.VALIDATION, action);
        assertEquals(List.of(expected), e.details());
        return e;
    }

    /** The violated field names, in order. */
    public static List<String> fields(ImportJobsException e) {
        return e.details().stream().map(FieldViolation::field).toList();
    }
}
