package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the JDK's HTTP server answers (or drops) itself, before our handler sees them: what a client
 * gets is listed in docs/server.md ("Limits and failure behaviour"), and this keeps that list true on the
 * JDK the build runs on. The JDK's own answers are short HTML pages with {@code Connection: close} and none
 * of our headers.
 */
class JdkAnsweredRequestsTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void brokenPercentEncodingInThePathIs400() {
        assertJdkAnswer(Set.of(400), "GET " + TestServer.JOBS + "%ZZ HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void contentLengthWithTransferEncodingOrTwiceIs400() {
        assertJdkAnswer(Set.of(400), "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertJdkAnswer(Set.of(400), "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
    }

    @Test
    void aTransferEncodingOtherThanChunkedIs501() {
        assertJdkAnswer(Set.of(501), "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip\r\n\r\n");
    }

    /** JDK 17.0.21 refuses a path starting with {@code //} (400); 25.0.3 reads it as an authority with no path (404). */
    @Test
    void aPathStartingWithTwoSlashesIsAnsweredByTheJdk() {
        assertJdkAnswer(Set.of(400, 404), "GET //healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void aHeaderNameWithASpaceIs400() {
        assertJdkAnswer(Set.of(400), "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n");
    }

    @Test
    void headersOverTheJdksLimitsAreDroppedUnanswered() {
        assertDroppedUnanswered("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(381 * 1024) + "\r\n\r\n");
        // The JDK counts header names, not lines: 200 names besides Host.
        assertDroppedUnanswered("GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers(200) + "\r\n");
        // Within the limit, ours answers.
        assertEquals(200, server.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + headers(197) + "\r\n").status);
    }

    /** The JDK's own answer: one of {@code statuses}, an HTML page, the connection closed, none of our headers. */
    private static void assertJdkAnswer(Set<Integer> statuses, String request) {
        String answer;
        try {
            answer = exchange(request);
        } catch (IOException e) {
            throw new AssertionError("no answer to " + request, e);
        }
        assertTrue(TestServer.answeredByTheJdk(answer), answer);
        assertTrue(statuses.contains(Integer.parseInt(answer.substring(9, 12))), answer);
    }

    private static String headers(int names) {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < names; i++) {
            headers.append("X-Many-").append(i).append(": 1\r\n");
        }
        return headers.toString();
    }

    /** The connection ends (closed or reset) without a byte of answer; a read timeout fails. */
    private static void assertDroppedUnanswered(String request) {
        String answer;
        try {
            answer = exchange(request);
        } catch (SocketException reset) {
            answer = "";
        } catch (IOException e) {
            throw new AssertionError("neither answered nor closed: " + e, e);
        }
        assertEquals("", answer);
    }

    /** Sends the request and reads until the server closes; a reset on the way is thrown. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (SocketException reset) {
                // The server may close while the request is still being sent; what it answered is read below.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
