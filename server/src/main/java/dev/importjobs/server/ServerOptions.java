package dev.importjobs.server;

import dev.importjobs.http.AuthMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;

/**
 * How the runnable server is set up (docs/server.md#options), as read from the command line and the
 * environment by {@link CommandLine}.
 *
 * @param store      the kind of store {@code db} names
 * @param db         {@code --db} as given: where the store keeps the jobs
 * @param dbPoolSize {@code --db-pool-size}, or {@code null} for the store's default
 * @param dbPassword the database password ({@code IMPORTJOBS_DB_PASSWORD}), or {@code null}
 * @param durability {@code --durability}: what an acknowledged write survives (SQLite's {@code synchronous})
 * @param tokens     the tokens file, or {@code null} for none
 * @param logLevel   {@code --log-level} as java.util.logging's level, or {@code null} when not given
 * @param stallAfter how long a job in progress may go unchanged before it shows as stalled
 * @param retention  how long a job is kept after it ended, or {@code null} to keep every job
 */
record ServerOptions(String host, int port, StoreKind store, String db, Integer dbPoolSize, String dbPassword,
        Durability durability, AuthMode auth, Path tokens, long maxBodyBytes, int maxErrorsPerJob, int threads,
        Level logLevel, Duration stallAfter, Duration retention) {

    ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(stallAfter, "stallAfter");
    }

    /** Every setting but the password, which is never printed. */
    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", store=" + store + ", db=" + store.describe(db)
                + ", dbPoolSize=" + dbPoolSize + ", dbPassword=" + (dbPassword == null ? "none" : "(hidden)")
                + ", durability=" + durability.optionName() + ", auth=" + auth + ", tokens=" + tokens
                + ", maxBodyBytes=" + maxBodyBytes
                + ", maxErrorsPerJob=" + maxErrorsPerJob + ", threads=" + threads + ", logLevel=" + logLevel
                + ", stallAfter=" + stallAfter + ", retention=" + retention + "]";
    }
}
