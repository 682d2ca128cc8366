package dev.importjobs.core.error;

/**
 * The error codes of docs/model.md#errors. The HTTP status belongs to the adapter; the code and its meaning
 * belong to the domain, so every layer names a failure the same way.
 */
public enum ErrorCode {
    /** A field or parameter breaks a rule; the details name each one. */
    VALIDATION(1000),
    /** The body is not valid JSON, not an object, or not UTF-8. */
    MALFORMED_BODY(1001),
    /** A body was sent without a JSON content type. */
    UNSUPPORTED_MEDIA_TYPE(1002),
    /** The body is larger than the configured limit. */
    BODY_TOO_LARGE(1003),
    /** No such route. */
    ROUTE_NOT_FOUND(1004),
    /** The route exists but not for this method. */
    METHOD_NOT_ALLOWED(1005),
    /** The caller has as many event streams open as it may (docs/api.md#live-events). */
    TOO_MANY_STREAMS(1006),
    /** No job with that id in that organization. */
    JOB_NOT_FOUND(3001),
    /** The caller expected another version of the job. */
    VERSION_CONFLICT(3002),
    /** An idempotency key was reused with different content. */
    IDEMPOTENCY_CONFLICT(3003),
    /** The status transition is not allowed. */
    TRANSITION_NOT_ALLOWED(3004),
    /** The job cannot take this change: it is final, failed (for chunks), or a counter would overflow. */
    JOB_NOT_WRITABLE(3005),
    /** Auth is required and no token was sent. */
    NO_TOKEN(4002),
    /** The token is valid but lacks the organization or the permission. */
    FORBIDDEN(4003),
    /** A token was sent and does not verify. */
    INVALID_TOKEN(4004),
    /** Anything unexpected. */
    INTERNAL(5000),
    /**
     * The store cannot serve the request now: busy past its wait (another process holds the lock) or failing
     * (a full disk, a read-only file, an I/O error). Nothing was written; the same request may succeed later.
     */
    SERVICE_UNAVAILABLE(5003);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The number clients see in {@code error.code}. */
    public int code() {
        return code;
    }
}
