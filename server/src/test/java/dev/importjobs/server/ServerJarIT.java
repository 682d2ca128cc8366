package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.http.TokensFileVerifier;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code java -jar importjobs-server.jar}, a separate process. It
 * proves what only the jar can: the manifest, the merged service files (JSON, JDBC, SLF4J), the native
 * SQLite library, and a clean start and stop.
 */
class ServerJarIT {
    private static final String CREATE = """
            {"namespace":"serviceImportJobs","apiName":"create","data":{"organizationId":"org_123",\
            "createdByStackUserId":"u1","status":"ACTIVE","fileName":"a.csv","idempotencyKey":"k1"}}""";

    @TempDir
    Path dir;

    @Test
    void servesBothStylesAndStopsCleanlyOnSigterm() throws Exception {
        Path db = dir.resolve("x.db");
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--db", db.toString());

        assertEquals(200, server.http().get("/healthz").statusCode());
        HttpResponse<String> created = server.http().post("/api", CREATE);
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.body().startsWith("{\"status\":\"ok\",\"data\":{"), created.body());
        assertTrue(created.body().contains("\"status\":\"inProgress\""), created.body());
        HttpResponse<String> listed = server.http().get("/v1/organizations/org_123/bulk-tasks");
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"totalDocs\":1"), listed.body());

        int exit = server.stop();

        assertEquals(143, exit, "the JVM's exit status after SIGTERM");
        String stderr = server.stderr();
        assertFalse(stderr.contains("SLF4J"), stderr);
        assertFalse(stderr.contains("WARNING"), stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        assertFalse(Files.exists(Path.of(db + "-wal")), "the store was closed: WAL checkpointed and removed");
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            List<ImportJob> jobs = ImportJobs.builder(store).build().list(ListJobsQuery.firstPage("org_123")).items();
            assertEquals(1, jobs.size());
            assertEquals("a.csv", jobs.get(0).file().originalName());
        }
    }

    /**
     * Each connection is a file descriptor: under a limit too low for the connection cap the server lowers
     * the cap to fit, says so in one line, and serves (docs/server.md#limits-and-failure-behaviour).
     */
    @Test
    void aLowFileDescriptorLimitLowersTheConnectionCapWithOneWarning() throws Exception {
        Path prlimit = Path.of("/usr/bin/prlimit");
        Assumptions.assumeTrue(Files.isExecutable(prlimit), "needs util-linux's prlimit");
        ServerProcess server = ServerProcess.start(dir, List.of(prlimit.toString(), "--nofile=600:600"),
                "--port", "0", "--db", dir.resolve("x.db").toString());

        assertEquals(200, server.http().get("/healthz").statusCode());
        server.stop();
        List<String> warnings = server.stderr().lines().filter(line -> line.contains("WARNING")).toList();
        assertEquals(1, warnings.size(), server.stderr());
        assertTrue(warnings.get(0).endsWith("the file-descriptor limit is 600, so at most 472 connections are accepted"
                + " instead of 4000; raise it (ulimit -n, systemd's LimitNOFILE) to serve more"
                + " (docs/server.md#limits-and-failure-behaviour)"), warnings.get(0));
    }

    @Test
    void requiredAuthAdmitsOnlyListedTokensToTheirOrganizations() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.json"), """
                {"tokens": [{"sha256": "%s", "subject": "importer", "organizations": ["org_123"], "permissions": ["*"]}]}
                """.formatted(TokensFileVerifier.hash("s3cret-token")));
        ServerProcess server = ServerProcess.start(dir, "--port=0", "--db=" + dir.resolve("auth.db"), "--auth=required",
                "--tokens=" + tokens);
        try {
            HttpCalls http = server.http();
            HttpResponse<String> anonymous = http.get("/v1/organizations/org_123/bulk-tasks");
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.body().contains("\"code\":4002"), anonymous.body());

            assertEquals(200, http.get("/v1/organizations/org_123/bulk-tasks", "s3cret-token").statusCode());
            assertEquals(200, http.post("/api", CREATE, "s3cret-token").statusCode());

            HttpResponse<String> elsewhere = http.get("/v1/organizations/org_999/bulk-tasks", "s3cret-token");
            assertEquals(403, elsewhere.statusCode());
            assertTrue(elsewhere.body().contains("\"code\":4003"), elsewhere.body());

            HttpResponse<String> wrong = http.get("/v1/organizations/org_123/bulk-tasks", "guess");
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.body().contains("\"code\":4004"), wrong.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void versionHelpAndHashToken() throws Exception {
        Finished version = run("--version");
        assertEquals(0, version.exit);
        assertTrue(version.stdout.matches("importjobs \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), version.stdout);

        Finished help = run("--help");
        assertEquals(0, help.exit);
        assertTrue(help.stdout.startsWith("Usage: java -jar importjobs-server.jar [options]"), help.stdout);
        assertTrue(help.stdout.contains("IMPORTJOBS_MAX_BODY_BYTES"), help.stdout);

        Finished hash = run("hash-token", "abc");
        assertEquals(0, hash.exit);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n", hash.stdout);
        assertEquals("", hash.stderr);
    }

    @Test
    void aBadOptionExitsWithTwoAndOneLine() throws Exception {
        Finished bad = run("--port", "70000");

        assertEquals(2, bad.exit);
        assertEquals("", bad.stdout);
        assertEquals("importjobs: --port must be an integer 0..65535, not '70000' (see --help)\n", bad.stderr);
    }

    @Test
    void anUnusableDatabaseExitsWithOneAndOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file, not a directory");
        Path db = file.resolve("x.db");

        Finished failed = run("--port", "0", "--db", db.toString());

        assertEquals(1, failed.exit);
        assertEquals("", failed.stdout);
        assertEquals("importjobs: cannot open " + db + ": " + file + " is a file, not a directory; choose another "
                + "path\n", failed.stderr);
    }

    /** docs/server.md's first example names a folder that may not exist yet: it is made. */
    @Test
    void aDatabaseInAFolderThatDoesNotExistYetIsMade() throws Exception {
        Path db = dir.resolve("var/lib/importjobs/jobs.db");
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--db", db.toString(), "--log-level", "debug");

        assertEquals(200, server.http().get("/healthz").statusCode());
        // The request's log line is written once its answer is out: wait for it, then stop.
        long deadline = System.nanoTime() + HttpCalls.BOUND.toNanos();
        while (!server.stderr().contains(" GET /healthz 200 ") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        String stderr = server.stderr();
        assertTrue(stderr.contains(" GET /healthz 200 "), () -> "--log-level debug logs each request: " + stderr);
        assertEquals(143, server.stop());
        assertTrue(Files.isRegularFile(db), "the database is made, and its folders");
    }

    /**
     * {@code --db} naming another application's SQLite file: migrating it would add our tables to it. The
     * server refuses it in one line and leaves it byte for byte as it was.
     */
    @Test
    void anotherApplicationsDatabaseExitsWithOneAndOneLineAndIsLeftAsItWas() throws Exception {
        Path db = dir.resolve("crm.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO customers (name) VALUES ('Ada')");
        }
        byte[] before = Files.readAllBytes(db);

        Finished failed = run("--port", "0", "--db", db.toString());

        assertEquals(1, failed.exit);
        assertEquals("", failed.stdout);
        assertEquals("importjobs: cannot open " + db.toAbsolutePath() + ": it is another application's SQLite "
                + "database (it has tables, but not Import Jobs' schema); give a new file or an Import Jobs "
                + "database\n", failed.stderr);
        assertArrayEquals(before, Files.readAllBytes(db));
        assertFalse(Files.exists(Path.of(db + "-wal")));
    }

    // ---- helpers

    private record Finished(int exit, String stdout, String stderr) {
    }

    /** Runs a command of the jar that ends by itself. */
    private Finished run(String... args) throws Exception {
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(ServerProcess.command(args)).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        if (!process.waitFor(HttpCalls.BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not end");
        }
        return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
