package dev.importjobs.core.error;

import java.util.List;
import java.util.Objects;

/**
 * The one exception the use cases raise: an error code of docs/model.md#errors, a message safe to show a client, and,
 * for validation failures, every violated field. Raised once where the rule lives and mapped to a
 * response in one place by an adapter.
 */
public final class ImportJobsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<FieldViolation> details;

    public ImportJobsException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public ImportJobsException(ErrorCode code, String message, List<FieldViolation> details) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    /** The violated fields, in the order they were found; empty unless {@link ErrorCode#VALIDATION}. */
    public List<FieldViolation> details() {
        return details;
    }

    public static ImportJobsException validation(List<FieldViolation> violations) {
        List<String> fields = violations.stream().map(FieldViolation::field).distinct().toList();
        String message = fields.size() == 1
                ? fields.get(0) + ": " + String.join("; ", violations.stream().map(FieldViolation::message).toList())
                : fields.size() + " fields are invalid: " + String.join(", ", fields);
        return new ImportJobsException(ErrorCode.VALIDATION, message, violations);
    }

    public static ImportJobsException validation(String field, String message) {
        return validation(List.of(new FieldViolation(field, message)));
    }

    public static ImportJobsException notFound() {
        return new ImportJobsException(ErrorCode.JOB_NOT_FOUND, "Entity not found");
    }

    public static ImportJobsException notWritable(String message) {
        return new ImportJobsException(ErrorCode.JOB_NOT_WRITABLE, message);
    }
}
