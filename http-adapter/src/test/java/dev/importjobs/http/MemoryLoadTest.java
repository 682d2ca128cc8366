package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/**
 * The load of docs/server.md#limits-and-failure-behaviour ("Memory"): a job holding 1,000 line errors at
 * core's longest (3.4 MB of JSON), 120 GETs of it at once, half in each style, against a server in a JVM
 * of its own with a 512 MB heap and the recommended settings. Every answer is a complete 200, and the
 * server's output shows no OutOfMemoryError and no 5xx. The heap's peak over the load is printed, for the
 * memory each request holds.
 */
class MemoryLoadTest {
    private static final int REQUESTS = 120;

    @TempDir
    Path dir;

    @Test
    void oneHundredTwentyConcurrentGetsOfTheLargestJobAllAnswerWholeIn512Mb() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:+UseG1GC"));
        ImportJobsServer.RECOMMENDED_SYSTEM_PROPERTIES.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BigJobServer.class.getName(),
                dir.resolve("jobs.db").toString()));
        Process server = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        List<HttpResponse<String>> answers = new ArrayList<>();
        long baseline;
        long peak;
        long millis;
        try (PrintStream control = new PrintStream(server.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String[] ready = CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS).split(" ");
            assertEquals(BigJobServer.READY.strip(), ready[0]);
            String base = "http://127.0.0.1:" + ready[1];
            String id = ready[2];
            baseline = heap(control, out)[1];

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService senders = Executors.newFixedThreadPool(REQUESTS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            try {
                for (int i = 0; i < REQUESTS; i++) {
                    HttpRequest request = i % 2 == 0
                            ? HttpRequest.newBuilder(URI.create(base + TestServer.JOBS + "/" + id)).GET().build()
                            : HttpRequest.newBuilder(URI.create(base + "/api")).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(TestServer.obj(
                                            "namespace", RpcApi.NAMESPACE, "apiName", "getById", "data",
                                            TestServer.obj("organizationId", TestServer.ORG, "id", id))))).build();
                    sent.add(senders.submit(() -> {
                        start.await();
                        return client.send(HttpRequest.newBuilder(request, (name, value) -> true)
                                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
                    }));
                }
                long started = System.nanoTime();
                start.countDown();
                for (Future<HttpResponse<String>> answer : sent) {
                    answers.add(answer.get(180, TimeUnit.SECONDS));
                }
                millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            } finally {
                senders.shutdownNow();
            }
            peak = heap(control, out)[0];
        } finally {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                fail("the server did not stop when its input ended");
            }
        }
        String errors = Files.readString(stderr);
        assertFalse(errors.contains("OutOfMemoryError"), errors);
        assertFalse(errors.contains("SEVERE"), errors);
        assertEquals(0, server.exitValue(), errors);
        for (int i = 0; i < answers.size(); i++) {
            assertComplete(answers.get(i), i % 2 == 0 ? "data.report.erroredLines" : "data.errorReport",
                    i % 2 == 0 ? "reason" : "message");
        }
        System.out.printf("%d concurrent GETs of a %d-line job answered whole in %d ms; heap %d MB after a collection,"
                + " peak %d MB under load: %.1f MB per request%n", REQUESTS, BigJobServer.LINES, millis,
                baseline >> 20, peak >> 20, (peak - baseline) / (double) REQUESTS / (1 << 20));
    }

    /** A 200 whose JSON holds every line error in full. */
    private static void assertComplete(HttpResponse<String> response, String lines, String message) {
        assertEquals(200, response.statusCode(), () -> response + " " + response.body());
        Map<String, Object> body = JSON.std.mapFrom(response.body());
        List<Map<String, Object>> all = TestServer.list(TestServer.at(body, lines));
        assertEquals(BigJobServer.LINES, all.size());
        assertEquals((long) BigJobServer.LINES, TestServer.number(all.get(BigJobServer.LINES - 1).get("line")));
        assertEquals(BigJobServer.maximal(BigJobServer.LINES).message(), all.get(BigJobServer.LINES - 1).get(message));
    }

    /** The server's heap: its peak since the last ask, and what is in use after a collection. */
    private static long[] heap(PrintStream control, BufferedReader out) throws Exception {
        control.println(BigJobServer.HEAP);
        String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
        assertTrue(line != null && line.startsWith(BigJobServer.HEAP + " "), line);
        String[] figures = line.split(" ");
        return new long[] {Long.parseLong(figures[1]), Long.parseLong(figures[2])};
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
