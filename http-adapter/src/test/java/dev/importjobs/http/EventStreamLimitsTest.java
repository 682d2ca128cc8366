package dev.importjobs.http;

import static dev.importjobs.http.EventStreamTest.EVENTS;
import static dev.importjobs.http.EventStreamTest.await;
import static dev.importjobs.http.EventStreamTest.item;
import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.auth.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How event streams hold up (docs/server.md#event-streams), on a real server: a client that stops reading is
 * cut off without holding back the others, a dead client is dropped on the next write, a caller's streams
 * are capped, and a stop ends every stream first and quickly.
 */
class EventStreamLimitsTest {
    @TempDir
    Path dir;
    TestServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private int openStreams() {
        return server.server.events().openStreams();
    }

    /** A client that asks for the stream and then reads nothing, with as small a buffer as it can have. */
    private Socket stalledClient(String path) throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress(server.base.getHost(), server.port()));
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + server.base.getHost()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    private EventClient live(String path, String... headers) {
        EventClient client = EventClient.live(server, path, headers);
        clients.add(client);
        return client;
    }

    /**
     * A client stops reading while a job's large items stream out: once its socket buffers are full, its
     * write is cut off after the write timeout, and the reading client gets every change in the meantime,
     * each within a bound.
     */
    @Test
    void aClientThatStopsReadingIsCutOffAndTheOthersKeepUp() throws IOException {
        Duration writeTimeout = Duration.ofMillis(300);
        server = TestServer.options().server(builder -> builder.eventWriteTimeout(writeTimeout)
                .eventHeartbeat(Duration.ofHours(1)).eventPollInterval(Duration.ofMillis(20))).start(dir);
        String id = (String) server.newJobB("config", obj("blob", "c".repeat(15_000))).get("id");
        EventClient reading = live(EVENTS);
        Socket stalled = stalledClient(EVENTS);
        await("both streams open", 2, this::openStreams);

        long slowest = 0;
        int changes = 0;
        while (openStreams() == 2) {
            assertTrue(changes < 1000, "the stalled client was never cut off");
            String summary = changes + "s".repeat(9_990);
            server.patch(JOBS + "/" + id, obj("summary", summary)).okB(200);
            long written = System.nanoTime();
            assertEquals(summary, item(reading.nextEvent(), "job").get("summary"), "each change, in order");
            slowest = Math.max(slowest, System.nanoTime() - written);
            changes++;
        }

        assertTrue(changes > 1, "the stalled client got some events before its buffers filled: " + changes);
        Duration bound = writeTimeout.plus(Duration.ofSeconds(3));
        assertTrue(slowest < bound.toNanos(), "every change reached the reading client within " + bound
                + ", the slowest in " + Duration.ofNanos(slowest).toMillis() + " ms");
        stalled.setSoTimeout((int) EventClient.PATIENCE.toMillis());
        InputStream in = stalled.getInputStream();
        try {
            while (in.read(new byte[64 * 1024]) >= 0) {
                continue; // what the server had sent before it cut the stream off
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept the cut-off client's connection open");
        } catch (IOException reset) {
            // the server closed the connection with data unread: a reset, as good as an end
        }
        server.patch(JOBS + "/" + id, obj("summary", "after")).okB(200);
        assertEquals("after", item(reading.nextEvent(), "job").get("summary"), "the others go on");
    }

    /** However many streams follow an organization, its feed is read once; with no stream left, not at all. */
    @Test
    void oneFeedPerFollowedOrganizationAndNoneOnceNoOneListens() {
        server = TestServer.options().server(builder -> builder.eventHeartbeat(Duration.ofMillis(50))).start(dir);
        List<EventClient> streams = List.of(live(EVENTS), live(EVENTS), live(JOBS + "/" + server.newJobB().get("id")
                + "/events"), live("/v1/organizations/org-other/bulk-tasks/events"));
        await("the streams open", 4, this::openStreams);
        assertEquals(2, server.server.events().followedOrganizations());

        streams.get(3).close();
        await("the other organization's feed retired", 1, server.server.events()::followedOrganizations);
        streams.subList(0, 3).forEach(EventClient::close);
        await("no feed read any more", 0, server.server.events()::followedOrganizations);
        assertEquals(0, openStreams());
    }

    @Test
    void aDeadClientIsDroppedOnTheNextWrite() throws IOException {
        server = TestServer.options().server(builder -> builder.eventHeartbeat(Duration.ofMillis(50))).start(dir);
        Socket gone = stalledClient(EVENTS);
        EventClient staying = live(EVENTS);
        await("both streams open", 2, this::openStreams);

        gone.close();

        await("the dead client's stream dropped at a heartbeat", 1, this::openStreams);
        String id = (String) server.newJobB().get("id");
        assertEquals(id, item(staying.nextEvent(), "job").get("id"));
    }

    /**
     * A caller (a token's subject; without a token, an address) may have so many streams at once; the next
     * is a 429 saying so, with {@code Retry-After}. Another caller is not held back, and a closed stream frees
     * its place.
     */
    @Test
    void eachCallerMayHaveSoManyStreams() {
        Map<String, Principal> tokens = Map.of(
                "ana", new Principal("ana", Set.of("*"), Set.of("*")),
                "ana-again", new Principal("ana", Set.of("*"), Set.of("*")),
                "bo", new Principal("bo", Set.of("*"), Set.of("*")));
        server = TestServer.options().verifier(token -> Optional.ofNullable(tokens.get(token)))
                .server(builder -> builder.maxEventStreamsPerCaller(2).eventHeartbeat(Duration.ofMillis(50)))
                .start(dir);
        EventClient first = live(EVENTS, "Authorization", "Bearer ana");
        live(EVENTS, "Authorization", "Bearer ana-again");

        TestServer.Reply refused = server.get(EVENTS, "Authorization", "Bearer ana");
        refused.fails(429, 1006, "too many event streams: a caller may have 2 open at once; close one first");
        assertEquals("1", refused.header("Retry-After"));
        live(EVENTS, "Authorization", "Bearer bo");
        live(EVENTS);
        live(EVENTS);
        server.get(EVENTS).fails(429, 1006);
        assertEquals(5, openStreams());

        first.close();
        await("the closed stream noticed", 4, this::openStreams);
        live(EVENTS, "Authorization", "Bearer ana");
    }

    /**
     * Open streams would keep the JDK server's stop waiting for them (its grace here: 10 s), so a stop ends
     * them first, each cleanly, and returns at once.
     */
    @Test
    void aStopEndsEveryStreamFirstAndQuickly() {
        server = TestServer.start(dir);
        String id = (String) server.newJobB().get("id");
        List<EventClient> streams = List.of(live(EVENTS), live(JOBS + "/" + id + "/events"),
                live("/v1/organizations/org-other/bulk-tasks/events"));
        await("the streams open", 3, this::openStreams);

        long began = System.nanoTime();
        server.server.stop(Duration.ofSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "stopped in " + took.toMillis() + " ms");
        streams.forEach(EventClient::awaitEnd);
        assertEquals(0, openStreams());
    }
}
