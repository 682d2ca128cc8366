package dev.importjobs.bench;

import com.sun.net.httpserver.HttpServer;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A small closed-loop HTTP load generator: {@code workers} threads each send one request, wait for the
 * answer and send the next, for a fixed time, recording every latency. It runs three scenarios in one
 * process, one after the other, against servers on loopback:
 * <ol>
 *   <li>{@code bare}: a {@code com.sun.net.httpserver} handler answering a fixed small JSON body — the ceiling
 *   of this HTTP stack and client on this machine;</li>
 *   <li>{@code list}: the real server, style B {@code GET /v1/organizations/{org}/bulk-tasks?limit=50} on an
 *   organization of 1,000 jobs (in a database of 10,000);</li>
 *   <li>{@code recordChunk}: the real server, style A {@code POST /api} {@code recordChunk}, each worker on its own
 *   job with increasing chunk indexes (every one a durable write).</li>
 * </ol>
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/importjobs-bench.jar dev.importjobs.bench.HttpLoad --seconds 20</pre>
 *
 * <p>Both servers run with TCP_NODELAY unless {@code --nagle} is given (see {@link Options#nagle()}).
 */
public final class HttpLoad {
    static final String LIST_ORGANIZATION = SyntheticJobs.organization(1000);
    static final String CHUNK_ORGANIZATION = "org_http_chunks";
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    static final byte[] BARE_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private HttpLoad() {
    }

    /** What one scenario measured. */
    record Result(String scenario, long requests, long errors, double seconds, long p50Nanos, long p99Nanos) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /**
     * @param nagle keep the JDK server's default of Nagle's algorithm on. It writes a response's headers and
     *              body separately, so with Nagle each keep-alive response waits for the client's delayed ACK
     *              (about 40 ms on Linux) and every scenario measures that wait instead of the server. By default
     *              the load generator sets {@code sun.net.httpserver.nodelay=true}, for both servers alike.
     */
    record Options(int seconds, int warmupSeconds, int workers, boolean nagle) {
        static Options parse(String... args) {
            int seconds = 20;
            int warmup = 5;
            int workers = 8;
            boolean nagle = false;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--seconds" -> seconds = positive("--seconds", value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--workers" -> workers = positive("--workers", value);
                    case "--nagle" -> {
                        nagle = true;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --seconds N (20), --warmup N (5), --workers N (8), --nagle");
                }
                i++;
            }
            return new Options(seconds, warmup, workers, nagle);
        }

        private static int positive(String name, String value) {
            int parsed = value == null ? 0 : Integer.parseInt(value);
            if (parsed < 1) {
                throw new IllegalArgumentException(name + " must be a positive integer");
            }
            return parsed;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf("# HttpLoad: %d workers, %d s warmup + %d s per scenario, TCP_NODELAY %s, JDK %s, %d CPUs%n",
                options.workers(), options.warmupSeconds(), options.seconds(), options.nagle() ? "off" : "on",
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        List<Result> results = run(options);
        System.out.println();
        System.out.println(table(results));
    }

    /** Runs the three scenarios and returns their results, ceiling first. */
    static List<Result> run(Options options) throws Exception {
        // Read once, when the JDK server's configuration class loads: it holds for every server of this JVM.
        System.setProperty(NODELAY_PROPERTY, String.valueOf(!options.nagle()));
        Path directory = Files.createTempDirectory(Datasets.directory(), "http-");
        Path database = directory.resolve("http.db");
        Files.copy(ImportJobsDataset.get(10_000), database, StandardCopyOption.REPLACE_EXISTING);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Result> results = new ArrayList<>();
        HttpServer bare = bareServer(options.workers());
        try {
            URI uri = URI.create("http://127.0.0.1:" + bare.getAddress().getPort() + "/");
            results.add(measure("bare", options, client, worker -> HttpRequest.newBuilder(uri).GET().build()));
        } finally {
            bare.stop(0);
        }
        try (SqliteJobStore store = SqliteJobStore.open(database)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            ImportJobsServer server = ImportJobsServer.builder(jobs, store).port(0).start();
            try {
                URI list = URI.create(server.baseUrl() + "/v1/organizations/" + LIST_ORGANIZATION + "/bulk-tasks?limit=50");
                results.add(measure("list", options, client, worker -> HttpRequest.newBuilder(list).GET().build()));

                URI api = URI.create(server.baseUrl() + "/api");
                String[] jobIds = new String[options.workers()];
                int[] nextChunk = new int[options.workers()];
                for (int w = 0; w < jobIds.length; w++) {
                    jobIds[w] = jobs.create(new CreateJobCommand(CHUNK_ORGANIZATION, JobFields.builder()
                            .createdBy("load").fileName("load-" + w + ".csv").build())).job().id();
                }
                results.add(measure("recordChunk", options, client, worker -> HttpRequest.newBuilder(api)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(String.format(Locale.ROOT,
                                "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"recordChunk\",\"data\":{"
                                        + "\"organizationId\":\"%s\",\"id\":\"%s\",\"chunkIndex\":%d,\"rows\":500,"
                                        + "\"successCount\":500,\"insertCount\":500}}",
                                CHUNK_ORGANIZATION, jobIds[worker], nextChunk[worker]++)))
                        .build()));
            } finally {
                server.stop(Duration.ZERO);
            }
        } finally {
            Datasets.deleteDatabase(database);
            Files.deleteIfExists(directory);
        }
        return results;
    }

    /** The ceiling: the same JDK server and a thread pool, a fixed answer, no work. */
    private static HttpServer bareServer(int workers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(16, workers * 2), runnable -> {
            Thread thread = new Thread(runnable, "bare-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BARE_BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BARE_BODY);
            }
        });
        server.start();
        return server;
    }

    /** Warms up, then runs {@code workers} closed loops for the measured time; requests are built per worker. */
    private static Result measure(String scenario, Options options, HttpClient client,
            IntFunction<HttpRequest> request) throws Exception {
        if (options.warmupSeconds() > 0) {
            loop(options.workers(), options.warmupSeconds(), client, request);
        }
        long start = System.nanoTime();
        List<Recorded> recorded = loop(options.workers(), options.seconds(), client, request);
        double seconds = (System.nanoTime() - start) / 1e9;
        long errors = recorded.stream().mapToLong(Recorded::errors).sum();
        long[] all = recorded.stream().flatMapToLong(r -> Arrays.stream(r.latencies(), 0, r.count())).sorted().toArray();
        Result result = new Result(scenario, all.length, errors, seconds, percentile(all, 0.50), percentile(all, 0.99));
        System.out.printf("# %-12s %,10.0f req/s  p50 %.3f ms  p99 %.3f ms  (%d errors)%n", scenario,
                result.perSecond(), result.p50Nanos() / 1e6, result.p99Nanos() / 1e6, errors);
        return result;
    }

    private record Recorded(long[] latencies, int count, long errors) {
    }

    private static List<Recorded> loop(int workers, int seconds, HttpClient client, IntFunction<HttpRequest> request)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Recorded>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 14];
                    int count = 0;
                    long errors = 0;
                    while (System.nanoTime() < end) {
                        HttpRequest next = request.apply(worker);
                        long sent = System.nanoTime();
                        HttpResponse<byte[]> response = client.send(next, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - sent;
                        if (response.statusCode() != 200) {
                            errors++;
                            continue;
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = took;
                    }
                    return new Recorded(latencies, count, errors);
                }));
            }
            List<Recorded> recorded = new ArrayList<>();
            for (Future<Recorded> future : futures) {
                recorded.add(future.get());
            }
            return recorded;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The results as a Markdown table, each scenario also as a share of the bare ceiling. */
    static String table(List<Result> results) {
        double ceiling = results.get(0).perSecond();
        StringBuilder out = new StringBuilder(
                "| scenario | requests | errors | requests/s | vs bare | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %d | %,.0f | %.2f | %.3f | %.3f |%n", r.scenario(),
                    r.requests(), r.errors(), r.perSecond(), r.perSecond() / ceiling, r.p50Nanos() / 1e6,
                    r.p99Nanos() / 1e6));
        }
        return out.toString();
    }
}
