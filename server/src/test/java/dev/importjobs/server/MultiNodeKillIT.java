package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server jars over one PostgreSQL database (docs/deployment.md). In the middle of a storm of writes to both,
 * one is killed with SIGKILL: the other keeps answering, and every write either answered 2xx is in the
 * database afterwards. A node keeps nothing of its own, so losing one loses nothing acknowledged.
 */
class MultiNodeKillIT {
    private static final String TASKS = "/v1/organizations/org_storm/bulk-tasks";
    private static final int WORKERS = 8;
    /** Acknowledged writes before the kill, and on the survivor after it, before the storm ends. */
    private static final int ACKS_BEFORE_KILL = 150;
    private static final int ACKS_AFTER_KILL = 150;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A write a node answered 2xx: a create by its key (and the job it made), or a chunk of a job. */
    private record Acknowledged(String key, String jobId, int chunkIndex, boolean survivor) {
    }

    @Test
    void killingOneNodeMidStormLosesNoAcknowledgedWriteAndTheOtherKeepsServing() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        // The password reaches the jars as a user's would: in their environment, never on the command line.
        List<String> env = database.password() == null ? List.of()
                : List.of("env", StoreKind.PASSWORD_VARIABLE + "=" + database.password());
        String[] args = {"--port", "0", "--db", database.urlWithUser(), "--db-pool-size", "4"};
        ServerProcess doomed = ServerProcess.start(dir, env, args);
        ServerProcess survivor = ServerProcess.start(dir, env, args);
        try {
            List<String> jobs = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                jobs.add(Requests.id(send(survivor, "POST", TASKS, create("shared-" + j), Map.of()).body()));
            }

            Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger acksBeforeKill = new AtomicInteger();
            AtomicInteger survivorAcksAfterKill = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            CountDownLatch enoughBeforeKill = new CountDownLatch(1);
            CountDownLatch enoughAfterKill = new CountDownLatch(1);
            AtomicBoolean storming = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> storm = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                storm.add(workers.submit(() -> {
                    for (int n = 0; storming.get(); n++) {
                        boolean toSurvivor = (worker + n) % 2 == 0;
                        ServerProcess node = toSurvivor ? survivor : doomed;
                        Acknowledged write = write(node, worker, n, jobs, toSurvivor);
                        if (write == null) {
                            continue; // not answered 2xx: the killed node, or its connection cut
                        }
                        acknowledged.add(write);
                        if (!killed.get() && acksBeforeKill.incrementAndGet() >= ACKS_BEFORE_KILL) {
                            enoughBeforeKill.countDown();
                        }
                        if (killed.get() && toSurvivor && survivorAcksAfterKill.incrementAndGet() >= ACKS_AFTER_KILL) {
                            enoughAfterKill.countDown();
                        }
                    }
                    return null;
                }));
            }

            assertTrue(enoughBeforeKill.await(2, TimeUnit.MINUTES), "the storm got going on both nodes");
            int killedStatus = kill(doomed);
            killed.set(true);
            assertTrue(enoughAfterKill.await(2, TimeUnit.MINUTES), "the survivor kept answering after the kill");
            storming.set(false);
            for (Future<?> worker : storm) {
                worker.get(1, TimeUnit.MINUTES);
            }
            workers.shutdown();

            assertEquals(137, killedStatus, "the doomed node died of SIGKILL");
            String databaseLine = "database: PostgreSQL database " + database.url().replaceFirst("\\?.*", "");
            assertTrue(survivor.startup().contains(databaseLine), survivor.startup()::toString);
            if (database.password() != null) {
                assertFalse(survivor.startup().toString().contains(database.password()), "the password is never printed");
            }
            assertEquals(200, send(survivor, "GET", "/healthz", null, Map.of()).statusCode());
            assertTrue(acknowledged.stream().anyMatch(write -> !write.survivor()), "the killed node acknowledged writes");
            for (Acknowledged write : acknowledged) {
                if (write.key() != null) {
                    HttpResponse<String> job = send(survivor, "GET", TASKS + "/" + write.jobId(), null, Map.of());
                    assertEquals(200, job.statusCode(), "acknowledged create " + write + ": " + job.body());
                    assertTrue(job.body().contains("\"idempotencyKey\":\"" + write.key() + "\""), job.body());
                } else {
                    HttpResponse<String> again = send(survivor, "POST", TASKS + "/" + write.jobId() + "/chunks",
                            chunk(write.chunkIndex()), Map.of());
                    assertEquals(200, again.statusCode(), again.body());
                    assertTrue(again.body().contains("\"applied\":false"), "acknowledged chunk " + write
                            + " is recorded, so sending it again is a retry: " + again.body());
                }
            }
        } finally {
            survivor.stop();
            if (doomed.process().isAlive()) {
                kill(doomed);
            }
        }
        assertFalse(survivor.stderr().contains("Exception"), survivor.stderr());
    }

    /** One write of a worker: every third a create with a key of its own, else a chunk of a shared job. */
    private Acknowledged write(ServerProcess node, int worker, int n, List<String> jobs, boolean toSurvivor) {
        try {
            if (n % 3 == 0) {
                String key = "w" + worker + "-n" + n;
                HttpResponse<String> answer = send(node, "POST", TASKS, create(key), Map.of("Idempotency-Key", key));
                return answer.statusCode() / 100 == 2
                        ? new Acknowledged(key, Requests.id(answer.body()), -1, toSurvivor) : null;
            }
            String job = jobs.get((worker + n) % jobs.size());
            int index = worker * 100_000 + n;
            HttpResponse<String> answer = send(node, "POST", TASKS + "/" + job + "/chunks", chunk(index), Map.of());
            return answer.statusCode() == 200 ? new Acknowledged(null, job, index, toSurvivor) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String create(String file) {
        return "{\"file\":{\"originalName\":\"" + file + ".csv\"},\"createdBy\":{\"id\":\"user_1\"}}";
    }

    private static String chunk(int index) {
        return "{\"chunkIndex\":" + index + ",\"rows\":10,\"successCount\":10}";
    }

    private HttpResponse<String> send(ServerProcess node, String method, String path, String body,
            Map<String, String> headers) throws IOException, InterruptedException {
        return Requests.send(client, node.http().url(path), method, body, headers);
    }

    /** SIGKILL: the process ends at once, whatever it was doing; its exit status. */
    private static int kill(ServerProcess node) throws InterruptedException {
        node.process().destroyForcibly();
        if (!node.process().waitFor(15, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not die within 15 s of SIGKILL");
        }
        return node.process().exitValue();
    }
}
