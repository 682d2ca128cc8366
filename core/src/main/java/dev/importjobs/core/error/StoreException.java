package dev.importjobs.core.error;

/** The store itself failed (I/O, a broken database): nothing a client did, and nothing it can fix. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
