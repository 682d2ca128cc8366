package dev.importjobs.server;

import dev.importjobs.core.auth.TokenVerifier;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.http.TokensFileVerifier;
import dev.importjobs.server.CommandLine.Command;
import dev.importjobs.server.CommandLine.HashToken;
import dev.importjobs.server.CommandLine.Help;
import dev.importjobs.server.CommandLine.Serve;
import dev.importjobs.server.CommandLine.UsageException;
import dev.importjobs.http.AuthMode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar importjobs-server.jar [options]}: the HTTP server on the store {@code --db} names
 * (docs/server.md).
 *
 * <p>Exit codes: 0 after {@code --help}, {@code --version}, {@code hash-token}, or once the server
 * listens (it then runs until SIGTERM/SIGINT); 2 for a command line that cannot be used; 1 when the
 * server cannot start (database, tokens file, address). Failures are one line on stderr.
 */
public final class Main {
    static final int USAGE = 2;
    static final int FAILED = 1;
    /** How long a shutdown waits for requests in flight. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private Main() {
    }

    public static void main(String[] args) {
        oneLineLogRecords();
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
        // When serving, the server's dispatcher thread keeps the JVM alive until a signal runs the hook.
    }

    /** Does what the command line asks and returns the exit code; a started server keeps running. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Command command;
        try {
            command = CommandLine.parse(args, env);
        } catch (UsageException e) {
            err.println("importjobs: " + e.getMessage() + " (see --help)");
            return USAGE;
        }
        if (command instanceof Help) {
            out.print(CommandLine.usage());
        } else if (command instanceof HashToken hashToken) {
            out.println(TokensFileVerifier.hash(hashToken.token()));
        } else if (command instanceof Serve serve) {
            logLevel(serve.options().logLevel());
            Running running;
            try {
                running = start(serve.options());
            } catch (RuntimeException e) {
                err.println("importjobs: " + firstLine(e));
                return FAILED;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.stop();
                } catch (RuntimeException e) {
                    // java.util.logging closes its handlers in a shutdown hook of its own: say it here.
                    err.println("importjobs: stopping failed: " + firstLine(e));
                }
            }, "importjobs-shutdown"));
            warning(serve.options()).ifPresent(warning -> err.println("importjobs: warning: " + warning));
            startupLines(serve.options(), running).forEach(out::println);
        } else {
            out.println("importjobs " + ImportJobsServer.version());
        }
        out.flush();
        return 0;
    }

    /**
     * Opens the store and starts the server on it; the tokens file is read first, so a bad one leaves no
     * database file behind. The JDK server's JVM-wide settings are applied first: this JVM is ours, and
     * the JDK reads them only when its first server starts.
     */
    static Running start(ServerOptions options) {
        ImportJobsServer.applyRecommendedSystemProperties();
        TokenVerifier tokens = options.tokens() == null ? null : TokensFileVerifier.load(options.tokens());
        JobStore store = options.store().open(options);
        try {
            ImportJobs.Builder configured = ImportJobs.builder(store).maxErrorsPerJob(options.maxErrorsPerJob())
                    .stallAfter(options.stallAfter());
            if (options.retention() != null) {
                configured.retention(options.retention());
            }
            ImportJobs jobs = configured.build();
            try {
                ImportJobsServer server = ImportJobsServer.builder(jobs, store)
                        .host(options.host()).port(options.port()).auth(options.auth()).tokenVerifier(tokens)
                        .maxBodyBytes(options.maxBodyBytes()).threads(options.threads()).start();
                return new Running(jobs, server, store);
            } catch (RuntimeException e) {
                jobs.close();
                throw e;
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * What a started server prints: the version, the database, the auth mode, and last, on a line of its own
     * that scripts wait for, {@code listening on http://HOST:PORT} (docs/server.md).
     */
    static List<String> startupLines(ServerOptions options, Running running) {
        return List.of(
                "importjobs " + ImportJobsServer.version(),
                "database: " + options.store().describe(options.db())
                        + (options.durability() == Durability.PROCESS ? " (durability process: an acknowledged write "
                                + "survives a crash of the server, not of the machine)" : ""),
                "auth: " + options.auth() + " (" + switch (options.auth()) {
                    case OFF -> "no checks: every caller has every right";
                    case OPTIONAL -> "callers without a token have every right; a token sent must verify";
                    case REQUIRED -> "every call needs a token of " + options.tokens();
                } + ")",
                "listening on " + running.server().baseUrl());
    }

    /**
     * The warning for a server where callers without a token have every right and which is reachable
     * beyond this machine (docs/server.md#auth), if it is one.
     */
    static Optional<String> warning(ServerOptions options) {
        if (options.auth() == AuthMode.REQUIRED || isLoopback(options.host())) {
            return Optional.empty();
        }
        return Optional.of("--auth " + options.auth() + " on " + options.host() + ": anyone who can reach it has "
                + "every right; beyond this machine use --auth required --tokens FILE");
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Started use cases (with their retention thread), their server and their store, stopped together. */
    record Running(ImportJobs jobs, ImportJobsServer server, JobStore store) {
        /**
         * Stops the retention thread first (after the batch under way, one short write), so nothing deletes
         * while requests finish; then lets requests in flight finish (up to {@link Main#SHUTDOWN_GRACE}); then
         * closes the store.
         */
        void stop() {
            try {
                jobs.close();
            } finally {
                try {
                    server.stop(SHUTDOWN_GRACE);
                } finally {
                    store.close();
                }
            }
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "cannot start: " + e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** Held so the levels set below are not lost when the loggers are collected. */
    private static final Logger POOL_LOGGER = Logger.getLogger("com.zaxxer.hikari");
    private static final Logger DRIVER_LOGGER = Logger.getLogger("org.postgresql");
    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    /**
     * java.util.logging prints two lines per record by default; one line reads better in a server log.
     * The connection pool's start-up INFO lines would stand beside the one line the server promises on
     * start, so it logs warnings only; the PostgreSQL driver warns about a malformed URL that the store
     * already reports in that line, so it logs only what is severe. A logging configuration of the user's own
     * wins over all of it.
     */
    private static void oneLineLogRecords() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        POOL_LOGGER.setLevel(Level.WARNING);
        DRIVER_LOGGER.setLevel(Level.SEVERE);
    }

    /**
     * {@code --log-level}: what java.util.logging lets through, the console handler included (it passes INFO
     * and above unless told otherwise). Not given, a logging configuration of the user's own stays as it is.
     * The pool keeps to warnings and the driver to severe records unless asked for more than INFO.
     */
    static void logLevel(Level level) {
        if (level == null) {
            return;
        }
        ROOT_LOGGER.setLevel(level);
        for (Handler handler : ROOT_LOGGER.getHandlers()) {
            handler.setLevel(level);
        }
        boolean finerThanInfo = level.intValue() < Level.INFO.intValue();
        POOL_LOGGER.setLevel(finerThanInfo ? level : Level.WARNING);
        DRIVER_LOGGER.setLevel(finerThanInfo ? level : Level.SEVERE);
    }
}
