package dev.importjobs.core.error;

/**
 * The store itself failed or is busy (an I/O error, a full disk, a read-only file, a lock another process
 * holds past the wait): nothing a client did, and the operation wrote nothing. Adapters answer it as
 * {@link ErrorCode#SERVICE_UNAVAILABLE}: the same request may succeed once the cause is gone.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
