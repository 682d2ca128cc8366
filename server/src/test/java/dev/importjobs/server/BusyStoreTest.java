package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.testkit.CapturedLog;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds the database's write lock for longer than the store waits (its busy timeout, here
 * 250 ms): a write is answered 503 with code 5003 and {@code Retry-After} in either style, having done
 * nothing; reads go on; {@code /healthz} says 503; once the lock is released the same requests succeed
 * (docs/server.md#limits-and-failure-behaviour).
 */
class BusyStoreTest {
    private static final Duration BUSY_TIMEOUT = Duration.ofMillis(250);
    private static final String JOBS = "/v1/organizations/org_busy/bulk-tasks";
    private static final String CREATE_A = """
            {"namespace":"serviceImportJobs","apiName":"create","data":{"organizationId":"org_busy",\
            "createdByStackUserId":"u1","status":"pending","fileName":"a.csv","idempotencyKey":"k1"}}""";
    private static final String CHUNK = "{\"chunkIndex\":0,\"rows\":5}";

    @TempDir
    Path dir;

    @Test
    void aLockHeldByAnotherProcessIsA503WithRetryAfterAndTheSameRequestSucceedsOnceItGoes() throws Exception {
        Path db = dir.resolve("busy.db");
        try (CapturedLog log = CapturedLog.of("dev.importjobs.http");
                SqliteJobStore store = SqliteJobStore.builder(db).busyTimeout(BUSY_TIMEOUT).open();
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start()) {
            HttpCalls http = new HttpCalls(server.baseUrl());
            HttpResponse<String> created = http.post(JOBS, "{\"file\":{\"originalName\":\"a.csv\"},\"createdBy\":{\"id\":\"u1\"}}");
            assertEquals(201, created.statusCode(), created.body());
            String item = JOBS + "/" + created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");

            Process holder = holdWriteLock(db);
            try {
                HttpResponse<String> chunk = http.post(item + "/chunks", CHUNK);
                assertUnavailable(chunk, "{\"status\":false,\"error\":{\"code\":5003,\"message\":\"Service unavailable\"}}");
                assertUnavailable(http.post("/api", CREATE_A),
                        "{\"status\":\"error\",\"error\":{\"code\":5003,\"message\":\"Service unavailable\"}}");
                HttpResponse<String> health = http.get("/healthz");
                assertUnavailable(health, "{\"status\":\"unavailable\"}");
                assertEquals(200, http.get(item).statusCode(), "reads do not wait for the writer");

                String requestId = chunk.headers().firstValue("X-Request-Id").orElseThrow();
                LogRecord line = log.records().stream().filter(r -> r.getMessage().startsWith("request " + requestId + " POST"))
                        .findFirst().orElseThrow(() -> new AssertionError("no log line for " + requestId + ": " + log.messages()));
                assertEquals(Level.SEVERE, line.getLevel());
                assertTrue(line.getMessage().contains("SQLITE_BUSY"), line.getMessage());
                assertNull(line.getThrown(), "one line, no stack trace");
            } finally {
                holder.getOutputStream().close();
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the lock holder ended");
            }
            assertEquals(0, holder.exitValue());

            HttpResponse<String> retried = http.post(item + "/chunks", CHUNK);
            assertEquals(200, retried.statusCode(), retried.body());
            assertTrue(retried.body().contains("\"applied\":true"), "the refused chunk had not been recorded: " + retried.body());
            assertEquals(200, http.post("/api", CREATE_A).statusCode());
            assertEquals(200, http.get("/healthz").statusCode());
        }
    }

    private static void assertUnavailable(HttpResponse<String> response, String body) {
        assertEquals(503, response.statusCode(), response.body());
        assertEquals(body, response.body());
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Starts {@link LockHolder} on the file and returns once it holds the lock. */
    private static Process holdWriteLock(Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        if (!LockHolder.LOCKED.equals(line)) {
            holder.destroyForcibly();
            throw new AssertionError("the lock holder said " + line);
        }
        return holder;
    }
}
