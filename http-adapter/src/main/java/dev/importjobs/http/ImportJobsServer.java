package dev.importjobs.http;

import com.sun.net.httpserver.HttpServer;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.auth.TokenVerifier;
import dev.importjobs.core.service.ImportJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the use cases over HTTP in both API styles at once: style A ({@code POST /api}) and style B
 * ({@code /v1/organizations/{org}/bulk-tasks}), plus {@code GET /healthz}.
 *
 * <pre>{@code
 * ImportJobsServer server = ImportJobsServer.builder(jobs, store).port(0).start();
 * String base = server.baseUrl();
 * server.stop(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>A stalled client holds one request thread until the read timeout cuts it off, so the request pool
 * is sized for I/O ({@link Builder#threads}), while database work stays bounded by the store's own
 * connections. Open connections are capped too (1,000 unless the JDK property
 * {@code jdk.httpserver.maxConnections} says otherwise); past the cap new ones are closed at once.
 */
public final class ImportJobsServer implements AutoCloseable {
    /** How long a client may take to send a whole request, in seconds; read by the JDK server at start. */
    static final String READ_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    static final long DEFAULT_READ_TIMEOUT_SECONDS = 30;
    /** How many connections may be open at once; read by the JDK server at start (older JDK builds ignore it). */
    static final String MAX_CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";
    static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /**
     * Whether the JDK server sets TCP_NODELAY on its connections; read by it once, at start. Without it an
     * answer on a kept-alive connection (headers and body go out as two writes) waits for the client's
     * delayed ACK, about 40 ms per request.
     */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final InFlight inFlight;
    private final String host;

    private ImportJobsServer(HttpServer server, ExecutorService executor, InFlight inFlight, String host) {
        this.server = server;
        this.executor = executor;
        this.inFlight = inFlight;
        this.host = host;
    }

    public static Builder builder(ImportJobs jobs, JobStore store) {
        return new Builder(jobs, store);
    }

    /** The port the server listens on (the real one when it was started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://HOST:PORT}, as printed on start. */
    public String baseUrl() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port();
    }

    /**
     * Stops accepting connections, lets requests in flight finish for up to {@code grace}, then closes
     * every connection left and stops the request threads. Returns as soon as nothing is in flight. The
     * store is the caller's to close.
     */
    public void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        // HttpServer.stop closes the listener at once and then waits for exchanges, but JDK 17's waits out
        // the whole delay when none is in flight. So it runs aside while we wait for our own handlers,
        // and a second stop(0) then ends both at once.
        int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds()));
        Thread closing = new Thread(() -> server.stop(seconds), "importjobs-http-stop");
        closing.setDaemon(true);
        closing.start();
        boolean interrupted = false;
        try {
            inFlight.awaitNone(deadline);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        server.stop(0);
        executor.shutdown();
        try {
            closing.join();
            // Connections are closed, so threads still reading a request fail at once.
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop} with no grace period. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /** Settings for {@link ImportJobsServer}; every one has the contract's default. */
    public static final class Builder {
        private final ImportJobs jobs;
        private final JobStore store;
        private String host = "127.0.0.1";
        private int port = 8080;
        private AuthMode auth = AuthMode.OPTIONAL;
        private TokenVerifier verifier;
        private long maxBodyBytes = 1_048_576;
        private int threads = 200;

        private Builder(ImportJobs jobs, JobStore store) {
            this.jobs = Objects.requireNonNull(jobs, "jobs");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The address to bind (default {@code 127.0.0.1}: the anonymous caller of optional auth has every right). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 8080; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder auth(AuthMode auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** Verifies tokens; without one, every token sent is invalid (and {@code required} admits nobody). */
        public Builder tokenVerifier(TokenVerifier verifier) {
            this.verifier = verifier;
            return this;
        }

        /** The largest request body accepted (default 1 MiB); larger ones get 413 unread. */
        public Builder maxBodyBytes(long maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Request threads (default 200): enough that stalled clients cannot take them all. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws UncheckedIOException when the address cannot be bound
         */
        public ImportJobsServer start() {
            // The JDK server reads these once, from system properties, when its first server starts;
            // a value the embedder set wins.
            defaultProperty(READ_TIMEOUT_PROPERTY, String.valueOf(DEFAULT_READ_TIMEOUT_SECONDS));
            defaultProperty(MAX_CONNECTIONS_PROPERTY, String.valueOf(DEFAULT_MAX_CONNECTIONS));
            defaultProperty(NO_DELAY_PROPERTY, "true");
            TokenVerifier tokens = verifier != null ? verifier : token -> Optional.empty();
            InetSocketAddress address = new InetSocketAddress(host, port);
            HttpServer server;
            try {
                if (address.isUnresolved()) {
                    throw new UnknownHostException("unknown host");
                }
                server = HttpServer.create(address, 256);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), namedThreads());
            executor.allowCoreThreadTimeOut(true);
            server.setExecutor(executor);
            RootHandler root = new RootHandler(jobs, store, new Authenticator(auth, tokens), maxBodyBytes);
            InFlight inFlight = new InFlight();
            server.createContext("/", exchange -> {
                inFlight.enter();
                try {
                    root.handle(exchange);
                } finally {
                    inFlight.exit();
                }
            });
            server.start();
            return new ImportJobsServer(server, executor, inFlight, host);
        }

        private static void defaultProperty(String name, String value) {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        }

        private static ThreadFactory namedThreads() {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "importjobs-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }

    /** How many requests are inside the handler, so a stop can wait for exactly those. */
    private static final class InFlight {
        private int count;

        synchronized void enter() {
            count++;
        }

        synchronized void exit() {
            if (--count == 0) {
                notifyAll();
            }
        }

        /** Waits until no request is in flight or the deadline ({@link System#nanoTime}) passes. */
        synchronized void awaitNone(long deadline) throws InterruptedException {
            for (long left = deadline - System.nanoTime(); count > 0 && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
