package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.jr.ob.JSON;

/**
 * A client of one event stream (docs/api.md#live-events) that parses text/event-stream as it arrives, on a
 * thread of its own, into {@link Frame}s: what came between two blank lines. Waits have a deadline and never
 * sleep; a stream that ends is seen as {@link #END}.
 */
final class EventClient implements AutoCloseable {
    /** How long a test waits for the next frame or for the end. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * The fields of one block: comment lines (without their colon), and the event's type, id and data
     * ({@code null} when absent).
     */
    record Frame(List<String> comments, String event, String id, String data) {
        boolean isEvent() {
            return event != null || data != null;
        }

        Map<String, Object> json() {
            return JSON.std.mapFrom(data);
        }

        long position() {
            assertNotNull(id, "an id: " + this);
            return Long.parseLong(id);
        }
    }

    /** Stands for the end of the stream in {@link #frames}. */
    static final Frame END = new Frame(List.of(), null, null, null);

    final HttpResponse<InputStream> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens {@code path} on the server; {@code headers} are name, value pairs. Any status is returned. */
    static EventClient open(TestServer server, String path, String... headers) {
        return open(server.base.resolve(path), headers);
    }

    static EventClient open(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new EventClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a stream that must be one: 200, {@code text/event-stream}, opened with a comment. */
    static EventClient live(TestServer server, String path, String... headers) {
        EventClient client = open(server, path, headers);
        assertEquals(200, client.status(), () -> path + " → " + client.body());
        assertTrue(client.header("Content-Type").startsWith("text/event-stream"), client.header("Content-Type"));
        assertEquals(List.of(" live"), client.next().comments(), "a stream opens with a comment");
        return client;
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Everything until the end, as text: for answers that are not streams. */
    String body() {
        StringBuilder text = new StringBuilder();
        for (Frame frame = next(); frame != END; frame = next()) {
            text.append(frame.data() != null ? frame.data() : String.join("\n", frame.comments()));
        }
        return text.toString();
    }

    /** The next frame, or {@link #END}; fails when none comes in time. */
    Frame next() {
        return next(System.nanoTime() + PATIENCE.toNanos());
    }

    private Frame next(long deadline) {
        try {
            Frame frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                fail("nothing came within " + PATIENCE);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event, passing over comments such as heartbeats; fails when none comes in time. */
    Frame nextEvent() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Frame frame = next(deadline); ; frame = next(deadline)) {
            assertTrue(frame != END, "the stream ended before the next event");
            if (frame.isEvent()) {
                return frame;
            }
        }
    }

    /** The events up to and including the first that matches, passing over comments. */
    List<Frame> eventsUntil(Predicate<Frame> last) {
        List<Frame> events = new ArrayList<>();
        Frame event;
        do {
            event = nextEvent();
            events.add(event);
        } while (!last.test(event));
        return events;
    }

    /** Waits for the end of the stream, passing over whatever comes first; fails when it does not end in time. */
    void awaitEnd() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (next(deadline) != END) {
            continue;
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Closing a stream the server already ended.
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> comments = new ArrayList<>();
            String event = null;
            String id = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (!comments.isEmpty() || event != null || id != null || data != null) {
                        frames.add(new Frame(List.copyOf(comments), event, id, data == null ? null : data.toString()));
                    }
                    comments.clear();
                    event = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                } else {
                    // An answer that is not a stream (an error envelope): its text as data.
                    data = data == null ? new StringBuilder(line) : data.append('\n').append(line);
                }
            }
            if (data != null) {
                frames.add(new Frame(List.copyOf(comments), event, id, data.toString()));
            }
        } catch (IOException e) {
            // The stream broke off: as far as the test can tell, it ended.
        } finally {
            frames.add(END);
        }
    }
}
