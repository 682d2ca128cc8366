package dev.importjobs.http;

import com.sun.net.httpserver.HttpServer;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.auth.TokenVerifier;
import com.sun.management.UnixOperatingSystemMXBean;
import dev.importjobs.core.service.ImportJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the use cases over HTTP in both API styles at once: style A ({@code POST /api}) and style B
 * ({@code /v1/organizations/{org}/bulk-tasks}), plus live events ({@code …/bulk-tasks/events}), the
 * dashboard and {@code GET /healthz}.
 *
 * <pre>{@code
 * ImportJobsServer server = ImportJobsServer.builder(jobs, store).port(0).start();
 * String base = server.baseUrl();
 * server.stop(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The JDK server reads a request on a pool thread, so a client trickling its request holds a thread
 * until the read timeout cuts it off. Request threads are therefore made as requests arrive, up to a bound
 * ({@link Builder#threads}, by default as many as the connection cap allows), and end after a minute idle:
 * slow clients cost memory, never the other clients' turn (docs/server.md#limits-and-failure-behaviour).
 * Database work stays bounded by the store's own connections. The read timeout, the cap on open
 * connections and TCP_NODELAY are JDK-wide settings: see {@link #RECOMMENDED_SYSTEM_PROPERTIES}, which the
 * runnable server applies and an embedder may.
 */
public final class ImportJobsServer implements AutoCloseable {
    /** How long a client may take to send a whole request, in seconds. */
    static final String READ_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    /** How many connections may be open at once; past it new ones are closed (older JDK builds ignore it). */
    static final String MAX_CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";
    /**
     * Whether the JDK server sets TCP_NODELAY on its connections. Without it an answer on a kept-alive
     * connection (headers and body go out as two writes) waits for the client's delayed ACK, about 40 ms
     * per request.
     */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /**
     * File descriptors kept for what is not a connection: the JVM's own files, the jar, the listener and
     * selector, and a database file with its WAL and shared-memory files for each of the store's connections.
     */
    static final int RESERVED_DESCRIPTORS = 128;

    /** The default cap on open connections, and so on request threads (each connection holds at most one). */
    public static final int MAX_CONNECTIONS = 4000;

    /**
     * The JDK HTTP server settings this server is designed and measured with (docs/server.md#slow-clients):
     * a 30 s read timeout, at most {@value #MAX_CONNECTIONS} open connections, TCP_NODELAY. The JDK reads them from system
     * properties once per JVM, when its first {@code HttpServer} starts, and applies them to every
     * {@code HttpServer} of that JVM; so starting an {@code ImportJobsServer} never sets them. The runnable
     * server applies them; an embedding application may, with {@link #applyRecommendedSystemProperties()}
     * or {@code -Dname=value}.
     */
    public static final Map<String, String> RECOMMENDED_SYSTEM_PROPERTIES = Map.of(
            READ_TIMEOUT_PROPERTY, "30",
            MAX_CONNECTIONS_PROPERTY, Integer.toString(MAX_CONNECTIONS),
            NO_DELAY_PROPERTY, "true");

    /** How long a stop waits at most for the event streams' ends to be written. */
    private static final Duration STREAM_ENDS = Duration.ofSeconds(1);

    private final HttpServer server;
    private final ExecutorService executor;
    private final InFlight inFlight;
    private final EventStreams events;
    private final String host;

    private ImportJobsServer(HttpServer server, ExecutorService executor, InFlight inFlight, EventStreams events,
            String host) {
        this.server = server;
        this.executor = executor;
        this.inFlight = inFlight;
        this.events = events;
        this.host = host;
    }

    public static Builder builder(ImportJobs jobs, JobStore store) {
        return new Builder(jobs, store);
    }

    /** The {@code Implementation-Version} of this library's jar manifest; {@code dev} when run from classes. */
    public static String version() {
        Package own = ImportJobsServer.class.getPackage();
        String version = own == null ? null : own.getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Sets each of {@link #RECOMMENDED_SYSTEM_PROPERTIES} that is not set yet, so a value given with
     * {@code -D} wins; then lowers the connection cap, with a warning, if the process's file-descriptor limit
     * cannot hold it. They hold for every {@code HttpServer} of the JVM, and only when set before the
     * first one starts: call this early, before any server (yours or this one) is created.
     */
    public static void applyRecommendedSystemProperties() {
        RECOMMENDED_SYSTEM_PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            int wanted = Integer.getInteger(MAX_CONNECTIONS_PROPERTY, MAX_CONNECTIONS);
            int cap = connectionsWithin(limit, wanted);
            if (cap < wanted) {
                System.setProperty(MAX_CONNECTIONS_PROPERTY, Integer.toString(cap));
                System.getLogger("dev.importjobs.http").log(System.Logger.Level.WARNING, "the file-descriptor limit is "
                        + limit + ", so at most " + cap + " connections are accepted instead of " + wanted
                        + "; raise it (ulimit -n, systemd's LimitNOFILE) to serve more (docs/server.md#limits-and-failure-behaviour)");
            }
        }
    }

    /**
     * The most connections a process with {@code limit} file descriptors can hold, up to {@code wanted}: each
     * connection is one descriptor, and {@link #RESERVED_DESCRIPTORS} stay for everything else. Past the
     * limit the JDK server's accept fails over and over, and the store could not open its files.
     */
    static int connectionsWithin(long limit, int wanted) {
        return (int) Math.max(1, Math.min(wanted, limit - RESERVED_DESCRIPTORS));
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

    /** The event streams, for tests that look inside. */
    EventStreams events() {
        return events;
    }

    /**
     * Ends every event stream first (the JDK server would wait for them as for unfinished answers), then
     * stops accepting connections, lets requests in flight finish for up to {@code grace}, then closes every
     * connection left and stops the request threads. Returns as soon as nothing is in flight. The store is
     * the caller's to close.
     */
    public void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        events.close(grace.compareTo(STREAM_ENDS) < 0 ? grace : STREAM_ENDS);
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

    /** Settings for {@link ImportJobsServer}; the defaults are the runnable server's (docs/server.md#options). */
    public static final class Builder {
        private final ImportJobs jobs;
        private final JobStore store;
        private String host = "127.0.0.1";
        private int port = 8080;
        private AuthMode auth = AuthMode.OPTIONAL;
        private TokenVerifier verifier;
        private long maxBodyBytes = 1_048_576;
        private int threads = MAX_CONNECTIONS;
        private EventStreams.Settings events = EventStreams.Settings.DEFAULTS;

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

        /**
         * The most request threads (default {@value ImportJobsServer#MAX_CONNECTIONS}, the recommended
         * connection cap): made as requests arrive, ended after a minute idle. At or above the connection cap,
         * slow clients run out of connections before threads; below it, a request finding every thread busy
         * has its connection closed.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** How often each event stream gets a heartbeat comment (default 15 s; docs/server.md#event-streams). */
        public Builder eventHeartbeat(Duration heartbeat) {
            positive("eventHeartbeat", heartbeat);
            events = new EventStreams.Settings(heartbeat, events.pollInterval(), events.writeTimeout(),
                    events.streamsPerCaller());
            return this;
        }

        /** How often each watched organization's change feed is read from the store (default 250 ms). */
        public Builder eventPollInterval(Duration interval) {
            positive("eventPollInterval", interval);
            events = new EventStreams.Settings(events.heartbeat(), interval, events.writeTimeout(),
                    events.streamsPerCaller());
            return this;
        }

        /** How long one write to an event stream may take before that client is cut off (default 2 s). */
        public Builder eventWriteTimeout(Duration timeout) {
            positive("eventWriteTimeout", timeout);
            events = new EventStreams.Settings(events.heartbeat(), events.pollInterval(), timeout,
                    events.streamsPerCaller());
            return this;
        }

        /** How many event streams one caller may have open at once (default 32); the next is a 429. */
        public Builder maxEventStreamsPerCaller(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("maxEventStreamsPerCaller must be >= 1, was " + streams);
            }
            events = new EventStreams.Settings(events.heartbeat(), events.pollInterval(), events.writeTimeout(),
                    streams);
            return this;
        }

        private static void positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + value);
            }
        }

        /**
         * Binds and starts the server.
         *
         * @throws UncheckedIOException when the address cannot be bound
         */
        public ImportJobsServer start() {
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
            // No queue: a request gets an idle thread or a new one, up to the bound; past it the JDK server
            // closes that connection. A thread idle for a minute ends.
            ThreadPoolExecutor executor = new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), namedThreads());
            server.setExecutor(executor);
            EventStreams streams = new EventStreams(jobs, events);
            RootHandler root = new RootHandler(jobs, store, new Authenticator(auth, tokens), maxBodyBytes, streams);
            InFlight inFlight = new InFlight();
            server.createContext("/", exchange -> {
                inFlight.enter();
                try {
                    root.handle(exchange);
                } finally {
                    inFlight.exit();
                }
            });
            streams.start();
            server.start();
            return new ImportJobsServer(server, executor, inFlight, streams, host);
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
