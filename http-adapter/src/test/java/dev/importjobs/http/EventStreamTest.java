package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.spi.ForwardingJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event streams of docs/api.md#live-events on a real server over a SQLite file: each change one event in
 * order with the style B item, a job's own stream, the rights of reading the organization and its changes
 * alone, resuming with {@code Last-Event-ID} or being told to reload, heartbeats, and a second server on the
 * same file. How streams hold up (slow, dead, too many, shutdown): {@link EventStreamLoadTest}.
 */
class EventStreamTest {
    static final String EVENTS = JOBS + "/events";
    static final String OTHER_JOBS = "/v1/organizations/org-other/bulk-tasks";

    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Map<String, Object> item(EventClient.Frame frame, String event) {
        assertEquals(event, frame.event(), () -> "the event of " + frame);
        return frame.json();
    }

    /** Waits (without sleeping) until {@code count} gives {@code expected}, for up to the client's patience. */
    static void await(String what, int expected, IntSupplier count) {
        long deadline = System.nanoTime() + EventClient.PATIENCE.toNanos();
        while (count.getAsInt() != expected) {
            assertTrue(System.nanoTime() < deadline, what + ": " + count.getAsInt() + ", not " + expected);
            Thread.onSpinWait();
        }
    }

    @Test
    void eachChangeIsOneEventInOrderWithTheItemAndAGrowingId() {
        server = TestServer.start(dir);
        try (EventClient stream = EventClient.live(server, EVENTS)) {
            assertEquals("no", stream.header("X-Accel-Buffering"));
            assertEquals("no-store", stream.header("Cache-Control"));
            assertNotNull(stream.header("X-Request-Id"));

            // Each change is awaited before the next: changes of one job between two reads of the feed come as
            // one event, the job as it is by then.
            List<EventClient.Frame> events = new ArrayList<>();
            Map<String, Object> created = server.newJobB("report", obj("numItems", 100));
            events.add(stream.nextEvent());
            String id = (String) created.get("id");
            List<Map<String, Object>> lines = IntStream.rangeClosed(1, 12)
                    .mapToObj(line -> obj("line", line, "message", "bad row " + line)).toList();
            Map<String, Object> chunked = server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 40,
                    "errorCount", 12, "errors", lines)).okB(200);
            events.add(stream.nextEvent());
            Map<String, Object> patched = server.patch(JOBS + "/" + id, obj("summary", "half")).okB(200);
            events.add(stream.nextEvent());
            Object listed = ((List<?>) server.get(JOBS).okB(200).get("items")).get(0);
            server.delete(JOBS + "/" + id).okB(200);
            events.add(stream.nextEvent());

            assertEquals(created, item(events.get(0), "job"));
            Map<String, Object> afterChunk = item(events.get(1), "job");
            assertEquals(chunked.get("item"), afterChunk, "the item, with the listing's preview of line errors");
            assertEquals(10, ((List<?>) ((Map<?, ?>) afterChunk.get("report")).get("erroredLines")).size());
            assertEquals(Boolean.TRUE, afterChunk.get("errorReportHasMore"));
            Map<String, Object> afterPatch = item(events.get(2), "job");
            assertEquals(patched.get("version"), afterPatch.get("version"));
            assertEquals(listed, afterPatch, "the item as a listing shows it");
            assertEquals(Map.of("id", id), item(events.get(3), "deleted"));
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i - 1).position() < events.get(i).position(), "ids grow: " + events);
            }
        }
    }

    /**
     * A job's stream checks that the job is there by reading its row alone: of the store's reads of a job while
     * the stream opens, none carries a line error, even for a job with more than the listing's preview.
     */
    @Test
    void openingAJobsStreamReadsNoneOfItsLineErrors() {
        List<Integer> lineErrorLimits = new CopyOnWriteArrayList<>();
        server = TestServer.options().storeSeenAs(store -> new ForwardingJobStore(store) {
            @Override
            public Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit) {
                lineErrorLimits.add(lineErrorLimit);
                return super.findById(organizationId, id, lineErrorLimit);
            }
        }).start(dir);
        String id = (String) server.newJobB().get("id");
        List<Map<String, Object>> lines = IntStream.rangeClosed(1, 30)
                .mapToObj(line -> obj("line", line, "message", "bad row " + line)).toList();
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 40, "errorCount", 30, "errors", lines))
                .okB(200);
        lineErrorLimits.clear();
        try (EventClient stream = EventClient.live(server, JOBS + "/" + id + "/events")) {
            assertEquals(List.of(0), lineErrorLimits, "the store's reads of the job while its stream opened");
        }
        assertEquals(30, ((Number) server.get(JOBS + "/" + id + "/errors").okB(200).get("totalDocs")).intValue());
    }

    @Test
    void aJobsStreamCarriesThatJobAloneAndTheJobMustExist() {
        server = TestServer.start(dir);
        String followed = (String) server.newJobB().get("id");
        String other = (String) server.newJobB().get("id");
        try (EventClient stream = EventClient.live(server, JOBS + "/" + followed + "/events")) {
            server.patch(JOBS + "/" + other, obj("summary", "not this one")).okB(200);
            server.patch(JOBS + "/" + followed, obj("summary", "this one")).okB(200);
            assertEquals("this one", item(stream.nextEvent(), "job").get("summary"));

            server.delete(JOBS + "/" + other).okB(200);
            server.delete(JOBS + "/" + followed).okB(200);
            assertEquals(Map.of("id", followed), item(stream.nextEvent(), "deleted"));
        }
        server.get(JOBS + "/" + followed + "/events").fails(404, 3001);
        server.get(JOBS + "/not-an-id/events").fails(404, 3001);
    }

    @Test
    void anotherOrganizationsChangesNeverAppear() {
        server = TestServer.start(dir);
        try (EventClient stream = EventClient.live(server, EVENTS)) {
            String theirs = (String) server.post(OTHER_JOBS, createB()).okB(201).get("id");
            server.patch(OTHER_JOBS + "/" + theirs, obj("summary", "theirs")).okB(200);
            server.delete(OTHER_JOBS + "/" + theirs).okB(200);
            String mine = (String) server.newJobB().get("id");

            assertEquals(mine, item(stream.nextEvent(), "job").get("id"), "the first event is this organization's");
        }
    }

    /** The collection's stream needs {@code list}, a job's needs {@code read}, as reading them does. */
    @Test
    void streamsNeedTheRightsOfReadingTheOrganization() {
        Map<String, Principal> tokens = Map.of(
                "admin", new Principal("admin", Set.of("*"), Set.of("*")),
                "lister", new Principal("lister", Set.of(ORG), Set.of("base.bulk.management.list")),
                "reader", new Principal("reader", Set.of(ORG), Set.of("base.bulk.management.read")),
                "stranger", new Principal("stranger", Set.of("org-other"), Set.of("*")));
        server = TestServer.options().auth(AuthMode.REQUIRED).verifier(token -> Optional.ofNullable(tokens.get(token)))
                .start(dir);
        String job = (String) server.post(JOBS, createB(), "Authorization", "Bearer admin").okB(201).get("id");
        String jobEvents = JOBS + "/" + job + "/events";

        server.get(EVENTS).fails(401, 4002);
        server.get(EVENTS, "Authorization", "Bearer nonsense").fails(401, 4004);
        server.get(EVENTS, "Authorization", "Bearer stranger").fails(403, 4003);
        server.get(jobEvents, "Authorization", "Bearer stranger").fails(403, 4003);
        server.get(EVENTS, "Authorization", "Bearer reader").fails(403, 4003, "missing permission base.bulk.management.list");
        server.get(jobEvents, "Authorization", "Bearer lister").fails(403, 4003, "missing permission base.bulk.management.read");
        try (EventClient all = EventClient.live(server, EVENTS, "Authorization", "Bearer lister");
                EventClient one = EventClient.live(server, jobEvents, "x-stack-access-token", "reader")) {
            server.patch(JOBS + "/" + job, obj("summary", "seen by both"), "Authorization", "Bearer admin").okB(200);
            assertEquals("seen by both", item(all.nextEvent(), "job").get("summary"));
            assertEquals("seen by both", item(one.nextEvent(), "job").get("summary"));
        }
        server.get(EVENTS + "?limit=1", "Authorization", "Bearer admin").fails(400, 1000);
        assertEquals("must match ^[A-Za-z0-9_-]{3,128}$", server.get("/v1/organizations/ab/bulk-tasks/events",
                "Authorization", "Bearer admin").invalid("organizationId"));
    }

    /** A client that comes back with its last event's id gets what changed meanwhile, each job as it is now. */
    @Test
    void lastEventIdResumesWithWhatChangedSince() {
        server = TestServer.start(dir);
        String a;
        String b;
        String lastSeen;
        try (EventClient stream = EventClient.live(server, EVENTS)) {
            a = (String) server.newJobB().get("id");
            b = (String) server.newJobB().get("id");
            stream.nextEvent();
            lastSeen = stream.nextEvent().id();
        }
        server.post(JOBS + "/" + a + "/chunks", obj("chunkIndex", 0, "rows", 5)).okB(200);
        server.post(JOBS + "/" + a + "/chunks", obj("chunkIndex", 1, "rows", 7)).okB(200);
        String c = (String) server.newJobB().get("id");
        server.delete(JOBS + "/" + b).okB(200);

        try (EventClient resumed = EventClient.live(server, EVENTS, "Last-Event-ID", lastSeen)) {
            Map<String, Object> aNow = item(resumed.nextEvent(), "job");
            assertEquals(a, aNow.get("id"));
            assertEquals(12, ((Number) ((Map<?, ?>) aNow.get("report")).get("numProcessed")).intValue(),
                    "both chunks, in one event: the job as it is now");
            assertEquals(c, item(resumed.nextEvent(), "job").get("id"));
            assertEquals(Map.of("id", b), item(resumed.nextEvent(), "deleted"));
            String d = (String) server.newJobB().get("id");
            assertEquals(d, item(resumed.nextEvent(), "job").get("id"), "and then the live changes, nothing twice");
        }
    }

    /** An id the feed cannot continue from (not one of its ids, or one from the future): reload, then live. */
    @Test
    void anIdTheFeedCannotContinueFromIsToldToReload() {
        server = TestServer.start(dir);
        server.newJobB();
        for (String id : List.of("not-a-number", "-1", "99999999999")) {
            try (EventClient stream = EventClient.live(server, EVENTS, "Last-Event-ID", id)) {
                EventClient.Frame reload = stream.nextEvent();
                assertEquals("reload", reload.event(), id);
                assertEquals("{}", reload.data());
                String fresh = (String) server.newJobB().get("id");
                EventClient.Frame next = stream.nextEvent();
                assertEquals(fresh, item(next, "job").get("id"));
                assertTrue(next.position() > reload.position(), "the stream goes on from the reload's id");
            }
        }
    }

    @Test
    void heartbeatsKeepAQuietStreamAlive() {
        server = TestServer.options().server(builder -> builder.eventHeartbeat(Duration.ofMillis(50))).start(dir);
        try (EventClient stream = EventClient.live(server, EVENTS)) {
            for (int i = 0; i < 3; i++) {
                EventClient.Frame heartbeat = stream.next();
                assertEquals(List.of(""), heartbeat.comments(), "a comment line: " + heartbeat);
                assertTrue(!heartbeat.isEvent() && heartbeat.id() == null);
            }
        }
    }

    /** Changes made through another server on the same SQLite file reach this server's streams. */
    @Test
    void aChangeThroughAnotherServerOnTheSameFileAppearsOnThisOnesStream() {
        server = TestServer.start(dir);
        try (TestServer other = TestServer.start(dir); EventClient stream = EventClient.live(server, EVENTS)) {
            String id = (String) other.newJobB().get("id");
            assertEquals(id, item(stream.nextEvent(), "job").get("id"));
            other.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 3)).okB(200);
            assertEquals(3, ((Number) ((Map<?, ?>) item(stream.nextEvent(), "job").get("report")).get("numProcessed"))
                    .intValue());
            other.delete(JOBS + "/" + id).okB(200);
            assertEquals(Map.of("id", id), item(stream.nextEvent(), "deleted"));
        }
    }
}
