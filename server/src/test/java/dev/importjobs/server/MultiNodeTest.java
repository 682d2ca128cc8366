package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.storage.postgres.PostgresJobStore;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers, each with its own store and connection pool, over one PostgreSQL database, as behind a load
 * balancer (docs/deployment.md): requests spread over both must add up exactly as on one server. Real HTTP on
 * port 0, real threads; every total is exact.
 */
class MultiNodeTest {
    private static final String ORG = "org_multi";
    private static final String TASKS = "/v1/organizations/" + ORG + "/bulk-tasks";
    private static final int THREADS = 16;
    private static final Pattern APPLIED = Pattern.compile("\"applied\":(true|false)");
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\":(null|\"([^\"]+)\")");

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Node> nodes = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    /** One server process's worth: its own store (pool) and HTTP server. */
    private record Node(PostgresJobStore store, ImportJobsServer server) {
        static Node start(TestDatabase database) {
            PostgresJobStore store = database.store().poolSize(8).open();
            return new Node(store, ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0)
                    .threads(32).start());
        }

        URI url(String path) {
            return URI.create(server.baseUrl() + path);
        }

        void stop() {
            try {
                server.stop(Duration.ofSeconds(5));
            } finally {
                store.close();
            }
        }
    }

    @AfterEach
    void stopNodes() {
        threads.shutdownNow();
        nodes.forEach(Node::stop);
    }

    private List<Node> twoNodes() {
        TestDatabase database = TestPostgres.server().newDatabase();
        nodes.add(Node.start(database));
        nodes.add(Node.start(database));
        return nodes;
    }

    /**
     * A client watching one node sees what is done through the other (docs/api.md#live-events): each node
     * follows the change feed in the database, not its own requests.
     */
    @Test
    void changesThroughOneNodeAppearOnTheOtherNodesEventStream() throws Exception {
        List<Node> both = twoNodes();
        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(both.get(1).url(TASKS + "/events"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        threads.submit(() -> stream.body().filter(line -> line.startsWith("data:")).forEach(data::add));

        String id = Requests.id(send(both.get(0), "POST", TASKS, "{\"file\":{\"originalName\":\"items.csv\"},"
                + "\"createdBy\":{\"id\":\"user_1\"}}", Map.of()).body());
        awaitData(data, line -> line.contains("\"id\":\"" + id + "\""));
        send(both.get(0), "POST", TASKS + "/" + id + "/chunks", "{\"chunkIndex\":0,\"rows\":7}", Map.of());
        awaitData(data, line -> line.contains("\"id\":\"" + id + "\"") && line.contains("\"numProcessed\":7"));
        send(both.get(0), "DELETE", TASKS + "/" + id, null, Map.of());
        awaitData(data, line -> line.equals("data: {\"id\":\"" + id + "\"}"));
        stream.body().close();
    }

    /** Waits (with a deadline) for a {@code data:} line that {@code wanted} accepts; others are passed over. */
    private static void awaitData(BlockingQueue<String> data, java.util.function.Predicate<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            String line = data.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && wanted.test(line)) {
                return;
            }
        }
        throw new AssertionError("no such event within 30 s");
    }

    @Test
    void racingCreatesWithOneKeyOverBothNodesMakeExactlyOneJob() throws Exception {
        List<Node> both = twoNodes();

        List<HttpResponse<String>> answers = concurrently(32, i -> () -> send(both.get(i % 2), "POST", TASKS,
                "{\"file\":{\"originalName\":\"items.csv\"},\"createdBy\":{\"id\":\"user_1\"}}",
                Map.of("Idempotency-Key", "one-key")));

        Set<String> ids = new HashSet<>();
        int created = 0;
        for (HttpResponse<String> answer : answers) {
            ids.add(Requests.id(answer.body()));
            if (answer.statusCode() == 201) {
                created++;
            } else {
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals("true", answer.headers().firstValue("Idempotent-Replayed").orElse(null));
            }
        }
        assertEquals(1, created, "exactly one create made the job");
        assertEquals(1, ids.size(), "every answer names the same job");
        for (Node node : both) {
            assertTrue(send(node, "GET", TASKS, null, Map.of()).body().contains("\"totalDocs\":1"));
        }
    }

    @Test
    void everyChunkSentTwiceOverBothNodesIsCountedOnce() throws Exception {
        List<Node> both = twoNodes();
        String id = Requests.id(send(both.get(0), "POST", TASKS, "{\"file\":{\"originalName\":\"items.csv\"},"
                + "\"createdBy\":{\"id\":\"user_1\"}}", Map.of()).body());
        int chunks = 300;

        // Chunk i goes to node i % 2 and, as a retry, to the other node: 600 requests from 16 threads.
        List<HttpResponse<String>> answers = concurrently(2 * chunks, n -> () -> send(both.get((n / chunks + n) % 2),
                "POST", TASKS + "/" + id + "/chunks", "{\"chunkIndex\":" + n % chunks + ",\"rows\":10,"
                        + "\"successCount\":8,\"insertCount\":5,\"updateCount\":3,\"skipCount\":1,\"errorCount\":1}",
                Map.of()));

        int applied = 0;
        for (HttpResponse<String> answer : answers) {
            assertEquals(200, answer.statusCode(), answer.body());
            Matcher flag = APPLIED.matcher(answer.body());
            assertTrue(flag.find(), answer.body());
            applied += Boolean.parseBoolean(flag.group(1)) ? 1 : 0;
        }
        assertEquals(chunks, applied, "each distinct chunk applied once, each retry not");
        for (Node node : both) {
            String job = send(node, "GET", TASKS + "/" + id, null, Map.of()).body();
            assertTrue(job.contains("\"numProcessed\":" + chunks * 10), job);
            assertTrue(job.contains("\"numSuccesses\":" + chunks * 8), job);
            assertTrue(job.contains("\"numInserts\":" + chunks * 5), job);
            assertTrue(job.contains("\"numUpdates\":" + chunks * 3), job);
            assertTrue(job.contains("\"numSkips\":" + chunks), job);
            assertTrue(job.contains("\"numErrors\":" + chunks), job);
            assertTrue(job.contains("\"lastProcessedChunkIndex\":" + (chunks - 1)), job);
            assertTrue(job.contains("\"version\":" + (1 + chunks)), job);
            assertTrue(job.contains("\"status\":\"inProgress\""), job);
        }
    }

    @Test
    void ofRacingUpdatesAtOneVersionOverBothNodesExactlyOneWins() throws Exception {
        List<Node> both = twoNodes();
        String id = Requests.id(send(both.get(1), "POST", TASKS, "{\"file\":{\"originalName\":\"items.csv\"},"
                + "\"createdBy\":{\"id\":\"user_1\"}}", Map.of()).body());

        List<HttpResponse<String>> answers = concurrently(24, i -> () -> send(both.get(i % 2), "PATCH",
                TASKS + "/" + id, "{\"summary\":\"writer " + i + "\"}", Map.of("If-Match", "\"1\"")));

        long won = answers.stream().filter(answer -> answer.statusCode() == 200).count();
        long lost = answers.stream().filter(answer -> answer.statusCode() == 412
                && answer.body().contains("\"code\":3002")).count();
        assertEquals(1, won);
        assertEquals(23, lost);
        for (Node node : both) {
            HttpResponse<String> job = send(node, "GET", TASKS + "/" + id, null, Map.of());
            assertEquals("\"2\"", job.headers().firstValue("ETag").orElse(null));
        }
    }

    @Test
    void aCursorFromOneNodeIsAcceptedByTheOtherAndTheWalkSeesEveryJobOnce() throws Exception {
        List<Node> both = twoNodes();
        Set<String> made = new LinkedHashSet<>();
        for (int i = 0; i < 7; i++) {
            made.add(Requests.id(send(both.get(i % 2), "POST", TASKS, "{\"file\":{\"originalName\":\"f" + i + ".csv\"},"
                    + "\"createdBy\":{\"id\":\"user_1\"}}", Map.of()).body()));
        }

        List<String> walked = new ArrayList<>();
        String page = send(both.get(0), "GET", TASKS + "?limit=2", null, Map.of()).body();
        for (int hop = 1; ; hop++) {
            walked.addAll(Requests.ids(page));
            Matcher next = NEXT_CURSOR.matcher(page);
            assertTrue(next.find(), page);
            if (next.group(2) == null) {
                break;
            }
            HttpResponse<String> following = send(both.get(hop % 2), "GET", TASKS + "?limit=2&cursor=" + next.group(2),
                    null, Map.of());
            assertEquals(200, following.statusCode(), "a cursor made by the other node: " + following.body());
            page = following.body();
        }
        assertEquals(made.size(), walked.size(), walked::toString);
        assertEquals(made, new HashSet<>(walked));
    }

    @Test
    void twoNodesStartingOnAnEmptyDatabaseAtOnceBothServeIt() throws Exception {
        TestDatabase empty = TestPostgres.server().newDatabase();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Node>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starting.add(threads.submit(() -> {
                start.await();
                return Node.start(empty);
            }));
        }
        start.countDown();
        for (Future<Node> node : starting) {
            nodes.add(node.get(60, TimeUnit.SECONDS));
        }

        for (Node node : nodes) {
            assertEquals(200, send(node, "GET", "/healthz", null, Map.of()).statusCode());
        }
        String id = Requests.id(send(nodes.get(0), "POST", TASKS, "{\"file\":{\"originalName\":\"items.csv\"},"
                + "\"createdBy\":{\"id\":\"user_1\"}}", Map.of()).body());
        assertEquals(200, send(nodes.get(1), "GET", TASKS + "/" + id, null, Map.of()).statusCode());
    }

    // ---- helpers

    private HttpResponse<String> send(Node node, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        return Requests.send(client, node.url(path), method, body, headers);
    }

    /** Runs {@code count} calls on the test's threads, all released at once; their results in call order. */
    private <T> List<T> concurrently(int count, java.util.function.IntFunction<Callable<T>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Map<Integer, Future<T>> running = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            Callable<T> task = call.apply(i);
            running.put(i, threads.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(running.get(i).get(2, TimeUnit.MINUTES));
        }
        return results;
    }
}
