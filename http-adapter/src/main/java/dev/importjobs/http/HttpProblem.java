package dev.importjobs.http;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A failed request as the client will see it: error code, message, field details and any extra headers.
 * Its HTTP status follows from the code alone, in {@link #statusOf}: the one place a code becomes a status
 * (docs/model.md#errors).
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** When a client may try again after a 503: long enough for a lock to go, short enough to notice room on a disk. */
    static final int RETRY_AFTER_SECONDS = 5;

    final ErrorCode code;
    final transient List<FieldViolation> details;
    final transient Map<String, String> headers = new LinkedHashMap<>();

    HttpProblem(ErrorCode code, String message, List<FieldViolation> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = List.copyOf(details);
    }

    HttpProblem(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    HttpProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static HttpProblem validation(List<FieldViolation> violations) {
        ImportJobsException described = ImportJobsException.validation(violations);
        return new HttpProblem(ErrorCode.VALIDATION, described.getMessage(), violations);
    }

    static HttpProblem validation(String field, String message) {
        return validation(List.of(new FieldViolation(field, message)));
    }

    /**
     * The store is busy or failing ({@link dev.importjobs.core.error.StoreException}): the request did
     * nothing and may be sent again, after {@link #RETRY_AFTER_SECONDS} (docs/server.md#limits-and-failure-behaviour).
     */
    static HttpProblem unavailable() {
        return new HttpProblem(ErrorCode.SERVICE_UNAVAILABLE, "Service unavailable")
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    static HttpProblem malformed(String message) {
        return new HttpProblem(ErrorCode.MALFORMED_BODY, message);
    }

    /** A domain error as an HTTP problem, with canonical field names renamed into the caller's style. */
    static HttpProblem from(ImportJobsException e, UnaryOperator<String> rename) {
        if (!e.details().isEmpty()) {
            return validation(e.details().stream()
                    .map(d -> new FieldViolation(rename.apply(d.field()), d.message())).toList());
        }
        return new HttpProblem(e.code(), e.getMessage());
    }

    /**
     * The HTTP status of a code in a style. One exception to "one code, one status": style B checks a
     * version only through {@code If-Match}, a precondition, so its version conflict is 412, not 409.
     */
    static int statusOf(ErrorCode code, Style style) {
        return switch (code) {
            case VALIDATION, MALFORMED_BODY -> 400;
            case NO_TOKEN, INVALID_TOKEN -> 401;
            case FORBIDDEN -> 403;
            case ROUTE_NOT_FOUND, JOB_NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case VERSION_CONFLICT -> style == Style.B ? 412 : 409;
            case IDEMPOTENCY_CONFLICT, TRANSITION_NOT_ALLOWED, JOB_NOT_WRITABLE -> 409;
            case BODY_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case TOO_MANY_STREAMS -> 429;
            case INTERNAL -> 500;
            case SERVICE_UNAVAILABLE -> 503;
        };
    }
}
