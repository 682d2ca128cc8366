package dev.importjobs.http;

import static dev.importjobs.http.SlowClientTest.connect;
import static dev.importjobs.http.SlowClientTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and idle clients cannot make the server unreachable (docs/server.md#limits-and-failure-behaviour):
 * 260 clients trickling their headers, or 1,000 connections that send nothing, and a normal request is
 * still answered within {@link #BOUND}. The JDK server reads a request on a pool thread, so every trickler
 * holds one; with a fixed pool of 200 the 201st and everyone after it waited for the 30 s read timeout, and
 * with a cap of 1,000 connections the 1,001st was closed unanswered. The test JVM runs with the recommended
 * JDK settings (see the pom), as the jar does.
 */
class SlowClientLimitsTest {
    private static final int TRICKLERS = 260;
    private static final int IDLE = 1000;
    /** The failure condition: a normal request not answered by then. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aNormalRequestIsAnsweredWithin2sWhile260ClientsTrickleTheirHeaders() throws Exception {
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start()) {
            List<Socket> tricklers = new ArrayList<>();
            try {
                openTricklers(server.port(), TRICKLERS, tricklers);
                // One more byte each, so every trickler has been read from, and taken a thread, before the
                // normal request comes; the bytes keep coming after it, as a slowloris client's do.
                trickle(tricklers);

                long millis = millisForHealthz(server.port());
                trickle(tricklers);

                System.out.printf("%d clients trickling headers: /healthz answered in %d ms%n", TRICKLERS, millis);
            } finally {
                closeAll(tricklers);
            }
        }
    }

    @Test
    void aNormalRequestIsAnsweredWithin2sBeside1000IdleConnections() throws Exception {
        assertEquals(String.valueOf(ImportJobsServer.MAX_CONNECTIONS),
                System.getProperty(ImportJobsServer.MAX_CONNECTIONS_PROPERTY), "the recommended connection cap");
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start()) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < IDLE; i++) {
                    idle.add(connect(server.port()));
                }
                long millis = millisForHealthz(server.port());
                System.out.printf("%d idle connections: /healthz answered in %d ms%n", IDLE, millis);
            } finally {
                closeAll(idle);
            }
        }
    }

    /**
     * Threads are made on demand up to the bound, and past it a request is not queued behind slow clients
     * (it would wait for their read timeout): its connection is closed at once. Once they go, threads serve
     * again.
     */
    @Test
    void pastTheThreadBoundANewRequestIsClosedAtOnceNotQueued() throws Exception {
        int bound = 5;
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store)
                        .port(0).threads(bound).start()) {
            List<Socket> tricklers = new ArrayList<>();
            try {
                openTricklers(server.port(), bound, tricklers);
                trickle(tricklers);
                try (Socket late = connect(server.port())) {
                    send(late, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                    long started = System.nanoTime();
                    int read;
                    try {
                        read = late.getInputStream().read();
                    } catch (SocketException reset) {
                        read = -1;
                    }
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertEquals(-1, read, "the request past the bound was answered");
                    assertTrue(millis < BOUND.toMillis(), "closed after " + millis + " ms");
                }
            } finally {
                closeAll(tricklers);
            }
            assertTrue(millisForHealthz(server.port()) < BOUND.toMillis());
        }
    }

    @Test
    void theConnectionCapFitsTheFileDescriptorLimit() {
        assertEquals(4000, ImportJobsServer.connectionsWithin(1_048_576, 4000));
        assertEquals(4000, ImportJobsServer.connectionsWithin(4000 + ImportJobsServer.RESERVED_DESCRIPTORS, 4000));
        assertEquals(896, ImportJobsServer.connectionsWithin(1024, 4000));
        assertEquals(1, ImportJobsServer.connectionsWithin(64, 4000));
    }

    /** Sends a fresh {@code GET /healthz}, fails unless a 200 comes within {@link #BOUND}; returns its time. */
    static long millisForHealthz(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(BOUND).build();
        long started = System.nanoTime();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(BOUND).build(), HttpResponse.BodyHandlers.ofString());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"ok\"}", health.body());
        assertTrue(millis < BOUND.toMillis(), "answered after " + millis + " ms");
        return millis;
    }

    private static void trickle(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            send(socket, "a");
        }
    }

    /** Opens {@code count} connections into {@code opened}, each sending the start of a request's headers. */
    private static void openTricklers(int port, int count, List<Socket> opened) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket socket = connect(port);
            opened.add(socket);
            send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        }
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
