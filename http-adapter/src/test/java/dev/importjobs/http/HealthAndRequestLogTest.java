package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.testkit.Await;
import dev.importjobs.core.testkit.CapturedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code HEAD /healthz} for health checkers, and the request log line with its query (docs/server.md). */
class HealthAndRequestLogTest {
    @TempDir
    Path dir;

    @Test
    void headHealthzAnswersLikeGetWithoutABody() {
        try (TestServer server = TestServer.start(dir)) {
            TestServer.Reply head = server.send("HEAD", "/healthz", null);

            assertEquals(200, head.status);
            assertEquals("", head.text());
            assertEquals("application/json; charset=utf-8", head.header("Content-Type"));
            assertEquals("GET, HEAD", server.send("POST", "/healthz", new byte[0]).header("Allow"));
        }
    }

    @Test
    void theRequestLogLineCarriesTheQueryButNoHeader() {
        List<String> lines;
        try (CapturedLog log = CapturedLog.of("dev.importjobs.http", Level.FINE);
                TestServer server = TestServer.start(dir)) {
            String requestId = server.get(TestServer.JOBS + "?limit=5&status=pending%2Cfailed",
                    "Authorization", "Bearer secret-token", "X-Request-Id", "log-1").header("X-Request-Id");
            assertEquals("log-1", requestId);
            // The server writes its line once the answer has gone out, so it may come just after the reply.
            Await.until(() -> log.messages().stream().anyMatch(line -> line.startsWith("log-1 ")),
                    "the request's log line", Duration.ofSeconds(30));
            lines = log.messages();
        }
        List<String> ours = lines.stream().filter(line -> line.startsWith("log-1 ")).toList();
        assertEquals(1, ours.size(), () -> "one line for the request: " + lines);
        assertTrue(ours.get(0).matches("log-1 GET " + TestServer.JOBS.replace("/", "\\/")
                + "\\?limit=5&status=pending%2Cfailed 401 [0-9.]+ms"), ours.get(0));
        assertNull(lines.stream().filter(line -> line.contains("secret-token")).findAny().orElse(null));
    }
}
