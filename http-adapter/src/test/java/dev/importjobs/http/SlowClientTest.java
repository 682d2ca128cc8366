package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow or idle clients cannot starve the server (docs/server.md#slow-clients). A client stalled mid-request holds one
 * request thread until the read timeout ({@code sun.net.httpserver.maxReqTime}, 30 s as recommended) cuts
 * it off; threads are made as requests come, so 150 of them stalled still leave room for everyone else
 * ({@link SlowClientLimitsTest} goes to 260 and to 1,000 idle connections).
 */
class SlowClientTest {
    private static final int STALLED_IN_BODY = 120;
    private static final int STALLED_IN_REQUEST_LINE = 30;
    /** The one failure condition: a request not answered by then. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void aNewRequestIsAnsweredPromptlyWhile150ClientsStallMidRequest() throws Exception {
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store)
                        .port(0).start()) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < STALLED_IN_BODY; i++) {
                    try {
                        stalled.add(stallInBody(server.port()));
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("stalled client " + (i + 1) + " got no request thread: the pool is exhausted", e);
                    }
                }
                for (int i = 0; i < STALLED_IN_REQUEST_LINE; i++) {
                    stalled.add(stallInRequestLine(server.port()));
                }

                HttpClient client = HttpClient.newBuilder().connectTimeout(PROMPTLY).build();
                long started = System.nanoTime();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                        .timeout(PROMPTLY).build(), HttpResponse.BodyHandlers.ofString());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

                assertEquals(200, health.statusCode());
                assertEquals("{\"status\":\"ok\"}", health.body());
                // What makes the stalled ones go away eventually, and what caps connections: the recommended
                // settings, which this test JVM starts with (see the pom), as the jar does.
                assertEquals("30", System.getProperty(ImportJobsServer.READ_TIMEOUT_PROPERTY));
                assertEquals(String.valueOf(ImportJobsServer.MAX_CONNECTIONS),
                        System.getProperty(ImportJobsServer.MAX_CONNECTIONS_PROPERTY));
                System.out.printf("%d stalled connections (%d mid-body, %d mid-request-line): /healthz answered in %d ms%n",
                        stalled.size(), STALLED_IN_BODY, STALLED_IN_REQUEST_LINE, millis);
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    /**
     * The read timeout is read once per JVM, so this runs the server in a child JVM ({@link ChildServer})
     * with it at 1 s (and the idle check every 250 ms instead of 10 s): each kind of stalled connection is
     * closed by the server after about a second, and the server still answers afterwards.
     */
    @Test
    void aStalledRequestIsCutOffByTheReadTimeout() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Dsun.net.httpserver.maxReqTime=1", "-Dsun.net.httpserver.clockTick=250",
                "-cp", System.getProperty("java.class.path"), ChildServer.class.getName(), dir.resolve("jobs.db").toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String listening = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
            assertTrue(listening != null && listening.startsWith("listening on http://127.0.0.1:"), listening);
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));

            long midBody = millisUntilClosedByServer(stallInBody(port));
            long midRequestLine = millisUntilClosedByServer(stallInRequestLine(port));
            long silent = millisUntilClosedByServer(connect(port));

            for (long millis : new long[] {midBody, midRequestLine, silent}) {
                assertTrue(millis >= 900, "closed after " + millis + " ms: too early for a 1 s timeout");
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(PROMPTLY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            System.out.printf("read timeout 1 s: closed mid-body after %d ms, mid-request-line after %d ms,"
                    + " silent after %d ms%n", midBody, midRequestLine, silent);
        } finally {
            server.destroy();
            assertTrue(server.waitFor(15, TimeUnit.SECONDS), "the server stops on SIGTERM");
        }
    }

    /** An embedder's server on the SQLite file {@code args[0]}: prints where it listens, runs until killed. */
    static final class ChildServer {
        public static void main(String[] args) {
            SqliteJobStore store = SqliteJobStore.open(Path.of(args[0]));
            ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start();
            System.out.println("listening on " + server.baseUrl());
        }
    }

    /**
     * A JSON request whose body never comes. It asks for {@code 100 Continue}, which the JDK server sends
     * from the request thread once the headers are read: reading it proves a thread now waits on the body.
     */
    private static Socket stallInBody(int port) throws IOException {
        Socket socket = connect(port);
        send(socket, "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                + "Expect: 100-continue\r\n\r\n");
        String interim = readHead(socket.getInputStream());
        assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
        send(socket, "{");
        return socket;
    }

    private static Socket stallInRequestLine(int port) throws IOException {
        Socket socket = connect(port);
        send(socket, "GET /heal");
        return socket;
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROMPTLY.toMillis());
        socket.setSoTimeout((int) PROMPTLY.toMillis() * 2);
        return socket;
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads up to the blank line ending a response head; fails on the socket's timeout. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** Waits (up to the socket's timeout, else fails) for the server to close the connection unanswered. */
    private static long millisUntilClosedByServer(Socket socket) throws IOException {
        long started = System.nanoTime();
        try (socket) {
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "the server answered instead of closing the connection");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
