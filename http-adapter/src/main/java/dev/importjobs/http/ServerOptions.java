package dev.importjobs.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the runnable server is set up (contract §11), as read from the command line and the environment
 * by {@link CommandLine}.
 *
 * @param tokens the tokens file, or {@code null} for none
 */
record ServerOptions(String host, int port, Path db, AuthMode auth, Path tokens, long maxBodyBytes,
        int maxErrorsPerJob, int threads) {

    ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(auth, "auth");
    }
}
