package dev.importjobs.core.spi;

/** A store refused a write because another job of the organization holds the idempotency key. */
public final class DuplicateIdempotencyKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateIdempotencyKeyException(String organizationId, String idempotencyKey) {
        super("idempotency key already used in organization " + organizationId + ": " + idempotencyKey);
    }
}
