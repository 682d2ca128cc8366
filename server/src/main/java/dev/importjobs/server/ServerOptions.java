package dev.importjobs.server;

import dev.importjobs.http.AuthMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.logging.Level;

/**
 * How the runnable server is set up (docs/server.md#options), as read from the command line and the
 * environment by {@link CommandLine}.
 *
 * @param store the kind of store {@code db} names
 * @param db    {@code --db} as given: where the store keeps the jobs
 * @param tokens the tokens file, or {@code null} for none
 * @param logLevel {@code --log-level} as java.util.logging's level, or {@code null} when not given
 */
record ServerOptions(String host, int port, StoreKind store, String db, AuthMode auth, Path tokens,
        long maxBodyBytes, int maxErrorsPerJob, int threads, Level logLevel) {

    ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(auth, "auth");
    }
}
