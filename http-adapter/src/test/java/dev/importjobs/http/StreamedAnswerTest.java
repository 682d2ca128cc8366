package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.spi.ForwardingJobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/**
 * Answers are written to the client as they are generated (docs/design.md, "HTTP decisions"): a job with
 * 1,000 line errors at core's longest (about 3.4 MB of JSON) goes out chunked, without a length, and the
 * request thread never holds the body as one array. The server runs in a JVM of its own under Java Flight
 * Recorder, which records every allocation made outside a thread's local buffer; with a 64 MB G1 heap
 * (1 MB regions) every array of 512 KB or more is such an allocation, so a body-sized array cannot hide.
 * Before the change each of these GETs allocated a {@code byte[]} the size of its body.
 */
class StreamedAnswerTest {
    /** A third of the body: no buffer of a streamed answer comes near it, a whole body is far above it. */
    private static final long BODY_SIZED = 1_000_000;
    private static final String JFC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0">
              <event name="jdk.ObjectAllocationOutsideTLAB">
                <setting name="enabled">true</setting>
                <setting name="stackTrace">false</setting>
              </event>
            </configuration>
            """;

    @TempDir
    Path dir;

    @Test
    void aLargeJobIsStreamedInBothStylesWithoutABodySizedArray() throws Exception {
        Path settings = Files.writeString(dir.resolve("allocations.jfc"), JFC);
        Path recording = dir.resolve("allocations.jfr");
        Path javaHome = Path.of(System.getProperty("java.home"));
        Process server = new ProcessBuilder(javaHome.resolve("bin").resolve("java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseG1GC", "-Xmx64m",
                "-XX:StartFlightRecording=settings=" + settings + ",filename=" + recording + ",dumponexit=true",
                "-cp", System.getProperty("java.class.path"), BigJobServer.class.getName(), dir.resolve("jobs.db").toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        long[] bodies = new long[2];
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String[] ready = CompletableFuture.supplyAsync(() -> readyLine(out)).get(120, TimeUnit.SECONDS).split(" ");
            String base = "http://127.0.0.1:" + ready[1];
            String id = ready[2];

            HttpResponse<String> item = send(HttpRequest.newBuilder(URI.create(base + TestServer.JOBS + "/" + id)).GET());
            HttpResponse<String> job = send(HttpRequest.newBuilder(URI.create(base + "/api"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(TestServer.obj("namespace",
                            RpcApi.NAMESPACE, "apiName", "getById", "data", TestServer.obj("organizationId",
                                    TestServer.ORG, "id", id))))));

            bodies[0] = assertStreamed(item, "data.report.erroredLines", "reason");
            bodies[1] = assertStreamed(job, "data.errorReport", "message");
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                fail("the server did not stop when its input ended");
            }
        }
        assertEquals(0, server.exitValue(), () -> "server failed: " + read(dir.resolve("stderr.txt")));

        List<Map<String, Object>> large = largeArrays(javaHome, recording);
        assertTrue(large.stream().anyMatch(a -> a.get("thread").equals("main")
                && ((Number) a.get("size")).longValue() >= BigJobServer.CONTROL_BYTES),
                () -> "the recording shows the control array: " + large);
        List<Map<String, Object>> onRequestThreads = large.stream()
                .filter(a -> ((String) a.get("thread")).startsWith("importjobs-http-")).toList();
        assertEquals(List.of(), onRequestThreads, "arrays of " + BODY_SIZED + " bytes or more on request threads");
        System.out.printf("streamed %d and %d bytes; arrays of %d bytes or more on request threads: none%n",
                bodies[0], bodies[1], BODY_SIZED);
    }

    /** Answers within {@link ResponseBody#LIMIT} go out whole with their length, as every answer did before. */
    @Test
    void aSmallAnswerKeepsItsLengthAndOnePastTheHeldBytesIsChunked() {
        try (TestServer server = TestServer.start(dir)) {
            String id = (String) server.newJobB().get("id");
            TestServer.Reply small = server.get(TestServer.JOBS + "/" + id);
            assertEquals(String.valueOf(small.bytes.length), small.header("Content-Length"));
            assertNull(small.header("Transfer-Encoding"));

            String summary = "s".repeat(JobFields.MAX_TEXT);
            server.patch(TestServer.JOBS + "/" + id, TestServer.obj("summary", summary, "error", summary)).okB(200);
            // Line errors at core's longest, as many as it takes with the texts above to pass the held bytes.
            List<Map<String, Object>> lines = LongStream.rangeClosed(1, ResponseBody.LIMIT / 3000)
                    .mapToObj(line -> TestServer.obj("line", line, "severity", "error",
                            "message", "m".repeat(LineError.MAX_MESSAGE), "value", "v".repeat(LineError.MAX_VALUE)))
                    .toList();
            server.post(TestServer.JOBS + "/" + id + "/chunks", TestServer.obj("chunkIndex", 0, "rows", lines.size(),
                    "errorCount", lines.size(), "errors", lines)).okB(200);
            TestServer.Reply large = server.get(TestServer.JOBS + "/" + id);
            assertTrue(large.bytes.length > ResponseBody.LIMIT);
            assertNull(large.header("Content-Length"));
            assertEquals("chunked", large.header("Transfer-Encoding"));
            assertEquals(summary, large.at("data.summary"));
            assertEquals(summary, large.at("data.error"));
        }
    }

    /**
     * Once an answer has begun there is no error envelope left to send; ending the body as usual would pass
     * a short answer off as whole. The connection is dropped instead: no last chunk, and the client knows.
     * The store fails after more lines than the server's buffers hold, so part of the answer is out.
     */
    @Test
    void anAnswerThatFailsAfterItBeganIsCutShortNotEndedAsIfWhole() throws IOException {
        int failAt = 40;
        ForwardingJobStore store = new ForwardingJobStore(new InMemoryJobStore()) {
            @Override
            public boolean forEachLineError(String organizationId, String id, Set<Severity> severities,
                    Consumer<LineError> sink) {
                return super.forEachLineError(organizationId, id, severities, line -> {
                    if (line.line() == failAt) {
                        throw new IllegalStateException("the store failed midway");
                    }
                    sink.accept(line);
                });
            }
        };
        ImportJobs jobs = ImportJobs.builder(store).build();
        String id = jobs.create(new CreateJobCommand(TestServer.ORG, JobFields.builder().createdBy("user_1")
                .fileName("items.csv").build())).job().id();
        jobs.recordChunk(RecordChunkCommand.builder(TestServer.ORG, id).chunkIndex(0).rows(failAt)
                .errors(LongStream.rangeClosed(1, failAt).mapToObj(BigJobServer::maximal).toList()).build());
        ImportJobsServer server = ImportJobsServer.builder(jobs, store).port(0).start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + TestServer.JOBS + "/" + id + "/errors.csv HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked"), answer);
            assertFalse(answer.endsWith("\r\n0\r\n\r\n"), () -> "the body was ended as if whole: " + answer);
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    /** A 200 sent chunked without a length, whose JSON holds every line error in full. */
    private static long assertStreamed(HttpResponse<String> response, String lines, String message) {
        assertEquals(200, response.statusCode(), response::toString);
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(null));
        assertNull(response.headers().firstValue("Content-Length").orElse(null));
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
        assertNotNull(response.headers().firstValue("X-Request-Id").orElse(null));
        Map<String, Object> body = JSON.std.mapFrom(response.body());
        List<Map<String, Object>> all = TestServer.list(TestServer.at(body, lines));
        assertEquals(BigJobServer.LINES, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1L, TestServer.number(all.get(i).get("line")));
            assertEquals(BigJobServer.maximal(i + 1).message(), all.get(i).get(message));
        }
        long size = response.body().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size > 3 * BODY_SIZED, "the body is large: " + size);
        return size;
    }

    /** Byte arrays of {@link #BODY_SIZED} or more allocated outside a thread-local buffer, by thread. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> largeArrays(Path javaHome, Path recording) throws Exception {
        Path printed = dir.resolve("allocations.json");
        Process print = new ProcessBuilder(javaHome.resolve("bin").resolve("jfr").toString(), "print", "--json",
                "--events", "jdk.ObjectAllocationOutsideTLAB", recording.toString())
                .redirectOutput(printed.toFile()).redirectError(dir.resolve("jfr-stderr.txt").toFile()).start();
        assertTrue(print.waitFor(120, TimeUnit.SECONDS), "jfr print ends");
        assertEquals(0, print.exitValue(), () -> read(dir.resolve("jfr-stderr.txt")));
        Map<String, Object> events = (Map<String, Object>) JSON.std.mapFrom(Files.readString(printed)).get("recording");
        return ((List<Map<String, Object>>) events.get("events")).stream()
                .map(event -> (Map<String, Object>) event.get("values"))
                .filter(values -> "[B".equals(((Map<String, Object>) values.get("objectClass")).get("name")))
                .filter(values -> ((Number) values.get("allocationSize")).longValue() >= BODY_SIZED)
                .map(values -> Map.of("thread", String.valueOf(((Map<String, Object>) values.get("eventThread"))
                        .get("javaName")), "size", values.get("allocationSize")))
                .toList();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The line the server prints once it serves; the recorder's own start-up lines come first. */
    private static String readyLine(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(BigJobServer.READY)) {
                    return line;
                }
            }
            throw new IllegalStateException("the server ended before serving");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
