package dev.importjobs.storage.jdbc;

/**
 * What a failed statement means to the store, as its {@link Dialect} reads the database's error codes.
 * A store's transaction policy decides from it whether to retry; a busy store may then be told apart
 * from a broken one.
 */
public enum SqlFailure {
    /** Another job of the organization holds the idempotency key: nothing was written. */
    DUPLICATE_IDEMPOTENCY_KEY,
    /** The transaction lost a serialization conflict or a deadlock; running it again may succeed. */
    RETRYABLE,
    /** The database is busy or briefly unreachable (a lock held elsewhere, a lost connection). */
    BUSY,
    /** Anything else: a broken database, a bug, a full disk. */
    OTHER
}
