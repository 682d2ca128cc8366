package dev.importjobs.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * A small closed-loop HTTP load generator: {@code workers} threads each send one request, wait for the
 * answer and send the next, for a fixed time, recording every latency. For each client count it runs these
 * scenarios in one process, one after the other, against servers on loopback:
 * <ol>
 *   <li>{@code bare}: a {@code com.sun.net.httpserver} handler answering a fixed small JSON body — the ceiling
 *   of this HTTP stack and client on this machine;</li>
 *   <li>{@code list}: the real server, style B {@code GET /v1/organizations/{org}/bulk-tasks?limit=50} on an
 *   organization of 1,000 jobs (in a database of 10,000);</li>
 *   <li>{@code recordChunk}: the real server, style A {@code POST /api} {@code recordChunk}, each worker on its own
 *   job with increasing chunk indexes (every one a durable write);</li>
 *   <li>{@code mixed}: both on the real server, four lists to one chunk (80% / 20%).</li>
 * </ol>
 * Right after each real-server scenario, the same calls run in-process — {@code ImportJobs.list} and
 * {@code ImportJobs.recordChunk} on the same store, with as many threads — so that the cost HTTP adds is a
 * ratio from one run. Each loop also reports the process's CPU time per call and the servers' share of it:
 * client and servers share the machine's cores, and on a machine shared with other work the CPU time per
 * call moves far less than the throughput. At the end every chunk job's stored rows are checked against the
 * chunks acknowledged.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/importjobs-bench.jar dev.importjobs.bench.HttpLoad --seconds 20</pre>
 *
 * <p>Both servers run with TCP_NODELAY unless {@code --nagle} is given (see {@link Options#nagle()}). The
 * workers send their requests with a plain HTTP/1.1 client of our own, or with the JDK's ({@code --client jdk},
 * see {@link LoadClient}).
 */
public final class HttpLoad {
    static final String LIST_ORGANIZATION = SyntheticJobs.organization(1000);
    static final String CHUNK_ORGANIZATION = "org_http_chunks";
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    static final byte[] BARE_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    /** The threads of both servers: the real one's request threads, the bare one's, and the JDK's dispatchers. */
    private static final Pattern SERVER_THREADS = Pattern.compile("importjobs-http-|bare-http|HTTP-Dispatcher");
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final List<String> SCENARIOS = List.of("bare", "list", "recordChunk", "mixed");
    static final int PAGE_SIZE = 50;
    static final long CHUNK_ROWS = 500;
    /** In {@code mixed}, each worker's every fifth call records a chunk and the others list: 80% / 20%. */
    static final int MIXED_CHUNK_EVERY = 5;
    /** The query the style B list request makes: the first page of 50, newest first. */
    private static final ListJobsQuery LIST_QUERY = ListJobsQuery.parse(LIST_ORGANIZATION, null,
            String.valueOf(PAGE_SIZE), null, null, null, null, null);

    private final Options options;
    private final LoadClient client;
    private final ImportJobs jobs;
    private final URI bare;
    private final URI list;
    private final URI api;
    private final List<ChunkJobs> chunkJobs = new ArrayList<>();

    private HttpLoad(Options options, LoadClient client, ImportJobs jobs, URI bare, String baseUrl) {
        this.options = options;
        this.client = client;
        this.jobs = jobs;
        this.bare = bare;
        this.list = URI.create(baseUrl + "/v1/organizations/" + LIST_ORGANIZATION + "/bulk-tasks?limit=" + PAGE_SIZE);
        this.api = URI.create(baseUrl + "/api");
    }

    /**
     * What one closed loop measured: calls that succeeded, failed ones, the successful calls' latencies, and
     * the CPU time the whole process (load generator, servers, GC and JIT alike) and the servers' threads
     * alone spent meanwhile.
     */
    record Measured(long calls, long errors, double seconds, long p50Nanos, long p99Nanos, long cpuNanos,
            long serverCpuNanos) {
        double perSecond() {
            return calls / seconds;
        }

        /** The process's CPU time per call, in µs: unlike throughput, it holds on a machine shared with others. */
        double cpuMicrosPerCall() {
            return cpuNanos / 1e3 / calls;
        }

        /** The servers' share of the process's CPU time (their request and dispatcher threads). */
        double serverShare() {
            return (double) serverCpuNanos / cpuNanos;
        }
    }

    /**
     * One scenario at one client count: over HTTP and, except for {@code bare}, the same calls in-process
     * ({@code inProcess} is null for {@code bare}).
     */
    record Result(String scenario, int workers, Measured http, Measured inProcess) {
        /** HTTP throughput ÷ in-process throughput. */
        double httpShare() {
            return http.perSecond() / inProcess.perSecond();
        }

        /**
         * What HTTP adds to a call's cost, as a share of the in-process cost: (HTTP cost − in-process cost) ÷
         * in-process cost, where a call's cost is the time the machine spends per call, 1 ÷ throughput.
         */
        double overhead() {
            return inProcess.perSecond() / http.perSecond() - 1;
        }

        /** {@link #overhead} from the CPU time per call instead of the throughput. */
        double cpuOverhead() {
            return http.cpuMicrosPerCall() / inProcess.cpuMicrosPerCall() - 1;
        }

        long errors() {
            return http.errors() + (inProcess == null ? 0 : inProcess.errors());
        }
    }

    /**
     * @param seconds       measured time of each loop, HTTP and in-process alike
     * @param warmupSeconds unmeasured time before each loop
     * @param workers       the client counts to run every scenario with, in order
     * @param scenarios     the scenarios to run, from {@link #SCENARIOS}
     * @param nagle         keep the JDK server's default of Nagle's algorithm on. It writes a response's headers
     *                      and body separately, so with Nagle each keep-alive response waits for the client's
     *                      delayed ACK (about 40 ms on Linux) and every scenario measures that wait instead of the
     *                      server. By default the load generator sets {@code sun.net.httpserver.nodelay=true}, for
     *                      both servers alike.
     * @param client        the workers' HTTP client, {@link LoadClient#PLAIN} or {@link LoadClient#JDK}
     */
    record Options(double seconds, double warmupSeconds, List<Integer> workers, List<String> scenarios,
            boolean nagle, String client) {
        static final String USAGE = "options: --seconds S (20), --warmup S (5), --workers N,N,… (8,16,64), "
                + "--scenarios " + String.join(",", SCENARIOS) + " (all), --nagle, --client " + LoadClient.PLAIN + "|"
                + LoadClient.JDK + " (" + LoadClient.PLAIN + ")";

        Options {
            workers = List.copyOf(workers);
            scenarios = List.copyOf(scenarios);
        }

        static Options parse(String... args) {
            double seconds = 20;
            double warmup = 5;
            List<Integer> workers = List.of(8, 16, 64);
            List<String> scenarios = SCENARIOS;
            boolean nagle = false;
            String client = LoadClient.PLAIN;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--seconds" -> seconds = seconds("--seconds", value, false);
                    case "--warmup" -> warmup = seconds("--warmup", value, true);
                    case "--workers" -> workers = workers(value);
                    case "--scenarios" -> scenarios = scenarios(value);
                    case "--client" -> client = LoadClient.checkName(value);
                    case "--nagle" -> {
                        nagle = true;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
                i++;
            }
            return new Options(seconds, warmup, workers, scenarios, nagle, client);
        }

        private static double seconds(String name, String value, boolean zeroAllowed) {
            double parsed;
            try {
                parsed = value == null ? Double.NaN : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                parsed = Double.NaN;
            }
            if (!(parsed > 0 || zeroAllowed && parsed == 0) || Double.isInfinite(parsed)) {
                throw new IllegalArgumentException(name + " must be a number of seconds, "
                        + (zeroAllowed ? "0 or more" : "more than 0") + "; got " + value);
            }
            return parsed;
        }

        private static List<Integer> workers(String value) {
            List<Integer> counts = new ArrayList<>();
            for (String part : list("--workers", value)) {
                int count;
                try {
                    count = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    count = 0;
                }
                if (count < 1) {
                    throw new IllegalArgumentException("--workers must be positive integers separated by commas; got "
                            + value);
                }
                counts.add(count);
            }
            return counts;
        }

        private static List<String> scenarios(String value) {
            List<String> chosen = list("--scenarios", value);
            for (String scenario : chosen) {
                if (!SCENARIOS.contains(scenario)) {
                    throw new IllegalArgumentException("--scenarios: unknown scenario " + scenario + "; scenarios: "
                            + String.join(", ", SCENARIOS));
                }
            }
            return chosen;
        }

        private static List<String> list(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a comma-separated list");
            }
            return Arrays.stream(value.split(",")).map(String::trim).toList();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf("# HttpLoad: %s clients (%s), %s s warmup + %s s per loop, TCP_NODELAY %s, JDK %s, %d CPUs%n",
                options.workers(), options.client(), options.warmupSeconds(), options.seconds(),
                options.nagle() ? "off" : "on",
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        List<Result> results = run(options);
        System.out.println();
        System.out.println(table(results));
    }

    /** Runs every scenario at every client count and returns their results, in that order. */
    static List<Result> run(Options options) throws Exception {
        // Read once, when the JDK server's configuration class loads: it holds for every server of this JVM.
        System.setProperty(NODELAY_PROPERTY, String.valueOf(!options.nagle()));
        Path directory = Files.createTempDirectory(Datasets.directory(), "http-");
        Path database = directory.resolve("http.db");
        Files.copy(ImportJobsDataset.get(10_000), database, StandardCopyOption.REPLACE_EXISTING);
        HttpServer bareServer = bareServer(Collections.max(options.workers()));
        try (SqliteJobStore store = SqliteJobStore.open(database); LoadClient client = LoadClient.named(options.client())) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            ImportJobsServer server = ImportJobsServer.builder(jobs, store).port(0).start();
            try {
                URI bare = URI.create("http://127.0.0.1:" + bareServer.getAddress().getPort() + "/");
                HttpLoad load = new HttpLoad(options, client, jobs, bare, server.baseUrl());
                List<Result> results = new ArrayList<>();
                for (int workers : options.workers()) {
                    for (String scenario : options.scenarios()) {
                        results.add(load.scenario(scenario, workers));
                    }
                }
                for (ChunkJobs chunks : load.chunkJobs) {
                    chunks.check(jobs);
                }
                return results;
            } finally {
                server.stop(Duration.ZERO);
            }
        } finally {
            bareServer.stop(0);
            Datasets.deleteDatabase(database);
            Files.deleteIfExists(directory);
        }
    }

    private Result scenario(String scenario, int workers) throws Exception {
        return switch (scenario) {
            case "bare" -> new Result(scenario, workers, measure(scenario, "HTTP", workers, get(bare)), null);
            case "list" -> both(scenario, workers, get(list), this::listInProcess);
            case "recordChunk" -> both(scenario, workers, chunkOverHttp(newChunkJobs(scenario + "-http", workers)),
                    chunkInProcess(newChunkJobs(scenario + "-direct", workers)));
            case "mixed" -> both(scenario, workers,
                    mixed(get(list), chunkOverHttp(newChunkJobs(scenario + "-http", workers)), workers),
                    mixed(this::listInProcess, chunkInProcess(newChunkJobs(scenario + "-direct", workers)), workers));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    private Result both(String scenario, int workers, Call overHttp, Call inProcess) throws Exception {
        Measured http = measure(scenario, "HTTP", workers, overHttp);
        return new Result(scenario, workers, http, measure(scenario, "in-process", workers, inProcess));
    }

    /** One call of a closed loop by worker {@code worker}: whether it succeeded. */
    @FunctionalInterface
    private interface Call {
        boolean call(int worker) throws Exception;
    }

    private Call get(URI uri) {
        return worker -> client.send(worker, uri, null).status() == 200;
    }

    private boolean listInProcess(int worker) {
        return jobs.list(LIST_QUERY).items().size() == PAGE_SIZE;
    }

    private Call chunkOverHttp(ChunkJobs chunks) {
        return worker -> {
            int index = chunks.take(worker);
            LoadClient.Response response = client.send(worker, api, String.format(Locale.ROOT,
                    "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"recordChunk\",\"data\":{"
                            + "\"organizationId\":\"%s\",\"id\":\"%s\",\"chunkIndex\":%d,\"rows\":%d,"
                            + "\"successCount\":%d,\"insertCount\":%d}}",
                    CHUNK_ORGANIZATION, chunks.id(worker), index, CHUNK_ROWS, CHUNK_ROWS, CHUNK_ROWS));
            return chunks.acknowledged(worker,
                    response.status() == 200 && response.body().contains("\"applied\":true"));
        };
    }

    /** The chunk the HTTP request carries, as the style A handler builds it. */
    private Call chunkInProcess(ChunkJobs chunks) {
        return worker -> {
            RecordChunkCommand chunk = RecordChunkCommand.builder(CHUNK_ORGANIZATION, chunks.id(worker))
                    .chunkIndex(chunks.take(worker)).rows(CHUNK_ROWS).successCount(CHUNK_ROWS).insertCount(CHUNK_ROWS)
                    .build();
            return chunks.acknowledged(worker, jobs.recordChunk(chunk).applied());
        };
    }

    /** Four lists, then a chunk, per worker. */
    private static Call mixed(Call list, Call chunk, int workers) {
        int[] calls = new int[workers];
        return worker -> ++calls[worker] % MIXED_CHUNK_EVERY == 0 ? chunk.call(worker) : list.call(worker);
    }

    private ChunkJobs newChunkJobs(String tag, int workers) {
        ChunkJobs chunks = new ChunkJobs(jobs, tag + "-" + workers, workers);
        chunkJobs.add(chunks);
        return chunks;
    }

    /**
     * One job per worker, its next chunk index, and the chunks acknowledged as applied. A worker's entries are
     * touched only by the thread running that worker.
     */
    private static final class ChunkJobs {
        private final String[] ids;
        private final int[] next;
        private final long[] acknowledged;

        ChunkJobs(ImportJobs jobs, String tag, int workers) {
            ids = new String[workers];
            next = new int[workers];
            acknowledged = new long[workers];
            for (int w = 0; w < workers; w++) {
                ids[w] = jobs.create(new CreateJobCommand(CHUNK_ORGANIZATION, JobFields.builder().createdBy("load")
                        .fileName(tag + "-" + w + ".csv").build())).job().id();
            }
        }

        String id(int worker) {
            return ids[worker];
        }

        int take(int worker) {
            return next[worker]++;
        }

        boolean acknowledged(int worker, boolean applied) {
            if (applied) {
                acknowledged[worker]++;
            }
            return applied;
        }

        /** Fails unless every job holds exactly the rows of the chunks acknowledged to its worker. */
        void check(ImportJobs jobs) {
            for (int w = 0; w < ids.length; w++) {
                long stored = jobs.get(new JobRef(CHUNK_ORGANIZATION, ids[w])).counters().processedRows();
                if (stored != acknowledged[w] * CHUNK_ROWS) {
                    throw new IllegalStateException("job " + ids[w] + " was acknowledged " + acknowledged[w]
                            + " chunks of " + CHUNK_ROWS + " rows but stores " + stored + " processed rows");
                }
            }
        }
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

    /** Warms up, then runs {@code workers} closed loops of {@code call} for the measured time. */
    private Measured measure(String scenario, String mode, int workers, Call call) throws Exception {
        client.disconnect();
        if (options.warmupSeconds() > 0) {
            loop(workers, options.warmupSeconds(), call);
        }
        Map<Long, Long> serverCpu = serverThreadCpu();
        long cpu = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        List<Recorded> recorded = loop(workers, options.seconds(), call);
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu = PROCESS.getProcessCpuTime() - cpu;
        long serverCpuSpent = spentSince(serverCpu, serverThreadCpu());
        long errors = recorded.stream().mapToLong(Recorded::errors).sum();
        long[] all = recorded.stream().flatMapToLong(r -> Arrays.stream(r.latencies(), 0, r.count())).sorted().toArray();
        Measured measured = new Measured(all.length, errors, seconds, percentile(all, 0.50), percentile(all, 0.99),
                cpu, serverCpuSpent);
        System.out.printf("# %-12s %3d clients %-10s %,10.0f calls/s  p50 %.3f ms  p99 %.3f ms  CPU %.0f µs/call%s  "
                + "(%d errors)%n", scenario, workers, mode, measured.perSecond(), measured.p50Nanos() / 1e6,
                measured.p99Nanos() / 1e6, measured.cpuMicrosPerCall(),
                serverCpuSpent > 0 ? format(" (servers %.0f%%)", measured.serverShare() * 100) : "", errors);
        return measured;
    }

    /** The CPU time so far of each server thread (both servers' request and dispatcher threads), by id. */
    private static Map<Long, Long> serverThreadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && SERVER_THREADS.matcher(thread.getThreadName()).lookingAt()) {
                long spent = THREADS.getThreadCpuTime(thread.getThreadId());
                if (spent >= 0) {
                    cpu.put(thread.getThreadId(), spent);
                }
            }
        }
        return cpu;
    }

    /** CPU time spent between two readings; a thread that ended in between is not counted. */
    private static long spentSince(Map<Long, Long> before, Map<Long, Long> after) {
        long spent = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            spent += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return spent;
    }

    private record Recorded(long[] latencies, int count, long errors) {
    }

    private static List<Recorded> loop(int workers, double seconds, Call call) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Recorded>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 12];
                    int count = 0;
                    long errors = 0;
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        boolean succeeded = call.call(worker);
                        long took = System.nanoTime() - sent;
                        if (!succeeded) {
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

    /**
     * The results as a Markdown table: each scenario over HTTP, as a share of the bare ceiling at the same
     * client count, and beside the same calls in-process ({@link Result#httpShare}, {@link Result#overhead}).
     */
    static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("| scenario | clients | requests | errors | requests/s | vs bare "
                + "| p50 ms | p99 ms | in-process calls/s | in-process p50 ms | HTTP ÷ in-process | HTTP overhead "
                + "| CPU µs/request | servers' CPU | in-process CPU µs/call | HTTP overhead (CPU) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            Measured http = r.http();
            String vsBare = results.stream().filter(b -> b.scenario().equals("bare") && b.workers() == r.workers())
                    .findFirst().map(b -> format("%.2f", http.perSecond() / b.http().perSecond())).orElse("–");
            Measured direct = r.inProcess();
            out.append(format("| %s | %d | %,d | %d | %,.0f | %s | %.3f | %.3f | %s | %s | %s | %s | %.0f | %.0f%% | %s "
                    + "| %s |%n", r.scenario(), r.workers(), http.calls(), r.errors(), http.perSecond(), vsBare,
                    http.p50Nanos() / 1e6, http.p99Nanos() / 1e6,
                    direct == null ? "–" : format("%,.0f", direct.perSecond()),
                    direct == null ? "–" : format("%.3f", direct.p50Nanos() / 1e6),
                    direct == null ? "–" : format("%.2f", r.httpShare()),
                    direct == null ? "–" : format("%+.0f%%", r.overhead() * 100),
                    http.cpuMicrosPerCall(), http.serverShare() * 100,
                    direct == null ? "–" : format("%.0f", direct.cpuMicrosPerCall()),
                    direct == null ? "–" : format("%+.0f%%", r.cpuOverhead() * 100)));
        }
        return out.toString();
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
