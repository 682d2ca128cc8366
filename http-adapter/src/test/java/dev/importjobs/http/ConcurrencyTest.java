package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.list;
import static dev.importjobs.http.TestServer.number;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients at once over HTTP, through both styles (docs/model.md#idempotent-create, #chunks-exactly-once; docs/storage.md): overlapping chunk retries
 * apply each chunk exactly once, concurrent creates with one key make one job, concurrent If-Match
 * updates let exactly one through. Threads start together on a latch; totals are exact.
 */
class ConcurrencyTest {
    static final int THREADS = 16;
    static final int CHUNKS = 40;

    @TempDir
    Path dir;
    TestServer server;
    ExecutorService pool;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    /** Runs one task per thread, all released at once, and returns every result. */
    private <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private static Map<String, Object> chunk(int index) {
        return obj("chunkIndex", index, "rows", index + 1, "successCount", index, "errorCount", 1,
                "insertCount", 1, "errors", List.of(obj("line", index + 1, "message", "chunk " + index)));
    }

    @Test
    void overlappingChunksFromSixteenClientsInBothStylesAreEachAppliedOnce() throws Exception {
        String id = (String) server.newJobA("key-1").get("id");
        List<Callable<List<Integer>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean styleA = t % 2 == 0;
            List<Integer> order = new ArrayList<>(IntStream.range(0, CHUNKS).boxed().toList());
            Collections.shuffle(order, new Random(t));
            tasks.add(() -> {
                List<Integer> applied = new ArrayList<>();
                for (int index : order) {
                    Map<String, Object> data;
                    if (styleA) {
                        Map<String, Object> body = chunk(index);
                        body.put("organizationId", ORG);
                        body.put("id", id);
                        data = server.rpc("recordChunk", body).okA();
                    } else {
                        data = server.post(JOBS + "/" + id + "/chunks", chunk(index)).okB(200);
                    }
                    if (Boolean.TRUE.equals(data.get("applied"))) {
                        applied.add(index);
                    }
                }
                return applied;
            });
        }

        List<Integer> applied = together(tasks).stream().flatMap(List::stream).sorted().toList();

        assertEquals(IntStream.range(0, CHUNKS).boxed().toList(), applied, "each chunk applied exactly once");
        Map<String, Object> job = server.jobOf(id);
        assertEquals((long) CHUNKS * (CHUNKS + 1) / 2, number(job.get("processedRows")));
        assertEquals((long) CHUNKS * (CHUNKS - 1) / 2, number(job.get("successCount")));
        assertEquals(CHUNKS, number(job.get("errorCount")));
        assertEquals(CHUNKS, number(job.get("insertCount")));
        assertEquals(CHUNKS - 1, number(job.get("lastProcessedChunkIndex")));
        assertEquals(1L + CHUNKS, number(job.get("version")));
        assertEquals("inProgress", job.get("status"));
        Set<Long> lines = new TreeSet<>();
        list(job.get("errorReport")).forEach(line -> lines.add(number(line.get("line"))));
        assertEquals(CHUNKS, list(job.get("errorReport")).size());
        assertEquals(CHUNKS, lines.size(), "one line error per applied chunk");
    }

    @Test
    void concurrentCreatesWithOneKeyMakeOneJob() throws Exception {
        List<Callable<TestServer.Reply>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean styleA = t % 2 == 0;
            tasks.add(() -> styleA ? server.rpc("create", createA("same-key"))
                    : server.post(JOBS, TestServer.createB("status", "pending"), "Idempotency-Key", "same-key"));
        }

        List<TestServer.Reply> replies = together(tasks);

        Set<Object> ids = new TreeSet<>();
        int replayed = 0;
        int firsts = 0;
        for (int t = 0; t < THREADS; t++) {
            TestServer.Reply reply = replies.get(t);
            Map<String, Object> data = t % 2 == 0 ? reply.okA() : reply.status == 201 ? reply.okB(201) : reply.okB(200);
            ids.add(data.get("id"));
            if ("true".equals(reply.header("Idempotent-Replayed"))) {
                replayed++;
            } else {
                firsts++;
            }
        }
        assertEquals(1, ids.size(), "every answer names the one job");
        assertEquals(1, firsts, "exactly one create made it");
        assertEquals(THREADS - 1, replayed);
        assertEquals(1L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void concurrentUpdatesExpectingOneVersionLetExactlyOneThrough() throws Exception {
        String id = (String) server.newJobB().get("id");
        List<Callable<TestServer.Reply>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String summary = "writer " + t;
            boolean styleA = t % 2 == 0;
            tasks.add(() -> styleA
                    ? server.rpc("update", obj("organizationId", ORG, "id", id, "summary", summary, "expectedVersion", 1))
                    : server.patch(JOBS + "/" + id, obj("summary", summary), "If-Match", "\"1\""));
        }

        List<TestServer.Reply> replies = together(tasks);

        List<String> winners = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            TestServer.Reply reply = replies.get(t);
            if (reply.status == 200) {
                winners.add("writer " + t);
            } else {
                reply.fails(t % 2 == 0 ? 409 : 412, 3002, "expected version 1 but the job is at version 2");
            }
        }
        assertEquals(1, winners.size(), "exactly one update saw version 1");
        Map<String, Object> item = server.itemOf(id);
        assertEquals(winners.get(0), item.get("summary"));
        assertEquals(2L, number(item.get("version")));
    }
}
