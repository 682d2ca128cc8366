package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar on a store that cannot write, made so for real: the process's own file size limit
 * ({@code prlimit}; the JVM ignores SIGXFSZ, so a write past it fails with EFBIG), a tmpfs filled to the
 * last byte (ENOSPC), and a database file without write permission. Writes answer 503 with code 5003 and
 * {@code Retry-After} and write nothing, reads go on, {@code /healthz} says 503; once the cause is gone
 * the same write succeeds and {@code /healthz} says 200 (docs/server.md#limits-and-failure-behaviour).
 */
class StoreFailureIT {
    private static final String ORG = "org_123";
    private static final String JOBS = "/v1/organizations/" + ORG + "/bulk-tasks";
    private static final String UNAVAILABLE = "{\"status\":false,\"error\":{\"code\":5003,\"message\":\"Service unavailable\"}}";

    @TempDir
    Path dir;

    @Test
    void writesPastTheFileSizeLimitAre503AndTheSameWriteSucceedsOnceItIsLifted() throws Exception {
        assumeTrue(succeeds("prlimit", "--version"), "needs prlimit (util-linux)");
        Path db = dir.resolve("limited.db");
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--db", db.toString());
        try {
            String item = created(server);
            assertChunk(server, item, 0, 200);
            // Not a byte more for any file of the process: the next commit cannot append to the WAL.
            long wal = Files.size(Path.of(db + "-wal"));
            assertTrue(succeeds("prlimit", "--pid", Long.toString(server.pid()), "--fsize=" + wal + ":unlimited"));

            assertStoreCannotWrite(server, item);

            assertTrue(succeeds("prlimit", "--pid", Long.toString(server.pid()), "--fsize=unlimited:unlimited"));
            assertWritesAgain(server, item);
        } finally {
            assertEquals(143, server.stop());
        }
        assertLoggedInOneLine(server, "SQLITE_IOERR_WRITE");
    }

    @Test
    void aFullFilesystemIs503AndFreeingSpaceLetsTheSameWriteSucceed() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        List<String> withTmpfs = List.of("unshare", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=8m importjobs-test \"$0\" && exec \"$@\"", mount.toString());
        assumeTrue(succeeds(withTmpfs.get(0), withTmpfs.get(1), withTmpfs.get(2), withTmpfs.get(3),
                withTmpfs.get(4), mount.toString(), "true"),
                "cannot mount a tmpfs in a mount namespace of its own here (needs root, or unshare and mount)");
        ServerProcess server = ServerProcess.start(dir, withTmpfs, "--port", "0", "--db", mount.resolve("x.db").toString());
        try {
            String item = created(server);
            assertChunk(server, item, 0, 200);
            // The tmpfs is mounted in the server's namespace only: reach it through the process's root.
            Path filler = Path.of("/proc/" + server.pid() + "/root" + mount).resolve("filler");
            fill(filler);

            assertStoreCannotWrite(server, item);

            Files.delete(filler);
            assertWritesAgain(server, item);
        } finally {
            assertEquals(143, server.stop());
        }
        assertLoggedInOneLine(server, "SQLITE_FULL");
    }

    @Test
    void aReadOnlyDatabaseFileServesReadsAndAnswersWritesWith503() throws Exception {
        Path db = dir.resolve("readonly.db");
        String id;
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            id = ImportJobs.builder(store).build().create(new CreateJobCommand(ORG,
                    JobFields.builder().createdBy("u1").fileName("a.csv").build())).job().id();
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        // Root writes whatever the permissions say; in a user namespace of its own it is bound by them.
        List<String> bound = Files.isWritable(db) ? List.of("unshare", "--user") : List.of();
        assumeTrue(bound.isEmpty() || succeeds("unshare", "--user", "true"),
                "running as root, and cannot enter a user namespace (unshare --user) to be bound by permissions");
        ServerProcess server = ServerProcess.start(dir, bound, "--port", "0", "--db", db.toString());
        try {
            String item = JOBS + "/" + id;
            assertEquals(200, server.http().get(JOBS).statusCode());
            assertStoreCannotWrite(server, item);
        } finally {
            assertEquals(143, server.stop());
        }
        assertLoggedInOneLine(server, "SQLITE_READONLY");
    }

    /** Creates a job and returns its path. */
    private static String created(ServerProcess server) throws Exception {
        HttpResponse<String> created = server.http().post(JOBS, "{\"file\":{\"originalName\":\"a.csv\"},\"createdBy\":{\"id\":\"u1\"}}");
        assertEquals(201, created.statusCode(), created.body());
        return created.headers().firstValue("Location").orElseThrow();
    }

    /** A chunk of 5 rows with as many line errors, each a few hundred bytes: a write of a few pages. */
    private static HttpResponse<String> assertChunk(ServerProcess server, String item, int index, int status)
            throws Exception {
        String error = "{\"line\":%d,\"message\":\"" + "x".repeat(500) + "\"}";
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            errors.append(i == 0 ? "" : ",").append(error.formatted(index * 5 + i + 1));
        }
        HttpResponse<String> answer = server.http().post(item + "/chunks", "{\"chunkIndex\":" + index
                + ",\"rows\":5,\"errorCount\":5,\"errors\":[" + errors + "]}");
        assertEquals(status, answer.statusCode(), answer.body());
        return answer;
    }

    private static void assertStoreCannotWrite(ServerProcess server, String item) throws Exception {
        HttpResponse<String> refused = assertChunk(server, item, 1, 503);
        assertEquals(UNAVAILABLE, refused.body());
        assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
        HttpResponse<String> rpc = server.http().post("/api", """
                {"namespace":"serviceImportJobs","apiName":"create","data":{"organizationId":"org_123",\
                "createdByStackUserId":"u1","status":"pending","fileName":"b.csv","idempotencyKey":"k-b"}}""");
        assertEquals(503, rpc.statusCode(), rpc.body());
        assertEquals("{\"status\":\"error\",\"error\":{\"code\":5003,\"message\":\"Service unavailable\"}}", rpc.body());
        HttpResponse<String> health = server.http().get("/healthz");
        assertEquals(503, health.statusCode(), health.body());
        assertEquals("{\"status\":\"unavailable\"}", health.body());
        HttpResponse<String> read = server.http().get(item);
        assertEquals(200, read.statusCode(), "reads go on: " + read.body());
    }

    private static void assertWritesAgain(ServerProcess server, String item) throws Exception {
        HttpResponse<String> retried = assertChunk(server, item, 1, 200);
        assertTrue(retried.body().contains("\"applied\":true"), "the refused chunk wrote nothing: " + retried.body());
        assertTrue(retried.body().contains("\"numProcessed\":10"), retried.body());
        assertEquals(200, server.http().get("/healthz").statusCode());
        assertChunk(server, item, 2, 200);
    }

    /** Each failure is one line naming the cause; no stack trace. */
    private static void assertLoggedInOneLine(ServerProcess server, String cause) throws IOException {
        String stderr = server.stderr();
        assertTrue(stderr.lines().anyMatch(line -> line.contains("SEVERE") && line.contains(cause)), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
    }

    /** Writes until the filesystem has no byte left: smaller and smaller blocks, each until it fails. */
    private static void fill(Path filler) throws IOException {
        IOException full = null;
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int size = 64 * 1024; size >= 512; size /= 2) {
                ByteBuffer block = ByteBuffer.allocate(size);
                try {
                    while (true) {
                        out.write(block.clear());
                    }
                } catch (IOException e) {
                    full = e;
                }
            }
        }
        assertTrue(full.getMessage().contains("No space left"), full.getMessage());
    }

    /** Runs a command to its end (bounded); true when it exits 0. */
    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            if (process.exitValue() != 0) {
                System.err.println(String.join(" ", command) + ": " + new String(output, StandardCharsets.UTF_8));
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
