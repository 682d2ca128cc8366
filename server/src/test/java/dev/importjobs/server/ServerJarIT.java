package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.http.TokensFileVerifier;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code java -jar importjobs-server.jar}, a separate process. It
 * proves what only the jar can: the manifest, the merged service files (JSON, JDBC, SLF4J), the native
 * SQLite library, and a clean start and stop.
 */
class ServerJarIT {
    private static final Path JAR = Path.of(System.getProperty("importjobs.server.jar", "target/importjobs-server.jar"));
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String CREATE = """
            {"namespace":"serviceImportJobs","apiName":"create","data":{"organizationId":"org_123",\
            "createdByStackUserId":"u1","status":"ACTIVE","fileName":"a.csv","idempotencyKey":"k1"}}""";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesBothStylesAndStopsCleanlyOnSigterm() throws Exception {
        Path db = dir.resolve("x.db");
        Server server = Server.start(dir, "--port", "0", "--db", db.toString());

        assertEquals(200, get(server.url("/healthz"), null).statusCode());
        HttpResponse<String> created = post(server.url("/api"), CREATE, null);
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.body().startsWith("{\"status\":\"ok\",\"data\":{"), created.body());
        assertTrue(created.body().contains("\"status\":\"inProgress\""), created.body());
        HttpResponse<String> listed = get(server.url("/v1/organizations/org_123/bulk-tasks"), null);
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

    @Test
    void requiredAuthAdmitsOnlyListedTokensToTheirOrganizations() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.json"), """
                {"tokens": [{"sha256": "%s", "subject": "importer", "organizations": ["org_123"], "permissions": ["*"]}]}
                """.formatted(TokensFileVerifier.hash("s3cret-token")));
        Server server = Server.start(dir, "--port=0", "--db=" + dir.resolve("auth.db"), "--auth=required",
                "--tokens=" + tokens);
        try {
            HttpResponse<String> anonymous = get(server.url("/v1/organizations/org_123/bulk-tasks"), null);
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.body().contains("\"code\":4002"), anonymous.body());

            assertEquals(200, get(server.url("/v1/organizations/org_123/bulk-tasks"), "s3cret-token").statusCode());
            assertEquals(200, post(server.url("/api"), CREATE, "s3cret-token").statusCode());

            HttpResponse<String> elsewhere = get(server.url("/v1/organizations/org_999/bulk-tasks"), "s3cret-token");
            assertEquals(403, elsewhere.statusCode());
            assertTrue(elsewhere.body().contains("\"code\":4003"), elsewhere.body());

            HttpResponse<String> wrong = get(server.url("/v1/organizations/org_123/bulk-tasks"), "guess");
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
        Server server = Server.start(dir, "--port", "0", "--db", db.toString(), "--log-level", "debug");

        assertEquals(200, get(server.url("/healthz"), null).statusCode());
        assertEquals(143, server.stop());
        assertTrue(Files.isRegularFile(db), "the database is made, and its folders");
        String stderr = server.stderr();
        assertTrue(stderr.contains(" GET /healthz 200 "), () -> "--log-level debug logs each request: " + stderr);
    }

    // ---- helpers

    private HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(BOUND);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(BOUND)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private record Finished(int exit, String stdout, String stderr) {
    }

    /** Runs a command of the jar that ends by itself. */
    private Finished run(String... args) throws Exception {
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command(args)).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not end");
        }
        return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** The server as a process: started, its port read from the line it prints, stopped with SIGTERM. */
    private record Server(Process process, String baseUrl, Path stderrFile) {
        static Server start(Path dir, String... args) throws Exception {
            Path stderr = Files.createTempFile(dir, "server-stderr", ".txt");
            Process process = new ProcessBuilder(command(args)).redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = CompletableFuture.supplyAsync(() -> {
                List<String> read = new ArrayList<>();
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        read.add(line);
                        if (line.startsWith("listening on ")) {
                            break;
                        }
                    }
                    return read;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            String last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
            if (lines.size() != 4 || !last.matches("listening on http://127\\.0\\.0\\.1:\\d+")
                    || !lines.get(0).matches("importjobs \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")
                    || !lines.get(1).startsWith("database: SQLite file /") || !lines.get(2).startsWith("auth: ")) {
                process.destroyForcibly();
                throw new AssertionError("expected the version, database and auth lines, then 'listening on "
                        + "http://127.0.0.1:PORT', got " + lines + "; stderr: " + Files.readString(stderr));
            }
            return new Server(process, last.substring("listening on ".length()), stderr);
        }

        URI url(String path) {
            return URI.create(baseUrl + path);
        }

        /** SIGTERM, then the exit status; fails unless the server ends within 15 s. */
        int stop() throws Exception {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not stop within 15 s of SIGTERM");
            }
            return process.exitValue();
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }
    }
}
