package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.spi.ForwardingJobStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ImportJobsServer#stop}: requests in flight finish within the grace, the rest is cut at its end,
 * and an idle server stops at once (JDK 17's {@code HttpServer.stop} alone waits out the whole grace).
 */
class GracefulStopTest {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void anIdleServerStopsAtOnce() throws Exception {
        HeldPingStore store = new HeldPingStore();
        store.release.countDown();
        ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start();
        // The client keeps its connection open: idle, not in flight.
        assertEquals(200, client.send(health(server), HttpResponse.BodyHandlers.ofString()).statusCode());

        long millis = timeMillis(() -> server.stop(GRACE));

        assertTrue(millis < 2000, "an idle server took " + millis + " ms to stop");
        System.out.printf("an idle server stopped in %d ms (grace %d s)%n", millis, GRACE.toSeconds());
        assertThrows(IOException.class, () -> client.send(health(server), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aRequestInFlightFinishesBeforeTheServerStops() throws Exception {
        HeldPingStore store = new HeldPingStore();
        ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start();
        try {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(health(server),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(store.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the request reached the store");

            Thread stopping = new Thread(() -> server.stop(GRACE), "test-stop");
            stopping.start();
            awaitWaiting(stopping);
            assertFalse(inFlight.isDone(), "the request in flight is still held");
            store.release.countDown();

            HttpResponse<String> response = inFlight.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("{\"status\":\"ok\"}", response.body());
            stopping.join(BOUND.toMillis());
            assertFalse(stopping.isAlive(), "stop returns once nothing is in flight");
        } finally {
            store.release.countDown();
            server.close();
        }
    }

    @Test
    void aRequestPastTheGraceIsCutOff() throws Exception {
        HeldPingStore store = new HeldPingStore();
        ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start();
        try {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(health(server),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(store.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the request reached the store");

            long millis = timeMillis(() -> server.stop(Duration.ofSeconds(1)));

            assertTrue(millis >= 1000 && millis < 4000, "stop with a 1 s grace took " + millis + " ms");
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> inFlight.get(BOUND.toSeconds(), TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof IOException, failed::toString);
        } finally {
            store.release.countDown();
        }
    }

    /** Until {@code stopping} waits for the request in flight: the one timed wait before it stops. */
    private static void awaitWaiting(Thread stopping) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (stopping.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline && stopping.isAlive(), "stop is waiting for the request in flight");
            Thread.onSpinWait();
        }
    }

    private static HttpRequest health(ImportJobsServer server) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz")).timeout(BOUND.multipliedBy(2)).build();
    }

    private static long timeMillis(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** The in-memory store, except that {@link #ping} holds the request until the test releases it. */
    private static final class HeldPingStore extends ForwardingJobStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldPingStore() {
            super(new InMemoryJobStore());
        }

        @Override
        public void ping() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.ping();
        }
    }
}
