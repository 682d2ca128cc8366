package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A time is a millisecond on the epoch-millisecond scale (docs/model.md#status-and-time): an ISO instant
 * outside it is a 400 naming the field in both styles, on create and on update, and the instants at its
 * very ends go in and come back as given.
 */
class InstantRangeTest extends WithTestServer {
    /** One millisecond past the last instant the scale holds ({@code Long.MAX_VALUE} ms). */
    static final String AFTER_LAST = "+292278994-08-17T07:12:55.808Z";
    static final String LAST = "+292278994-08-17T07:12:55.807Z";
    /** One millisecond before the first ({@code Long.MIN_VALUE} ms). */
    static final String BEFORE_FIRST = "-292275055-05-16T16:47:04.191Z";
    static final String FIRST = "-292275055-05-16T16:47:04.192Z";

    static final String RULE = "must be between " + FIRST + " and " + LAST + " (the epoch-millisecond range)";

    @Test
    void anIsoInstantOutsideTheScaleIsA400NamingTheFieldOnCreateAndUpdate() {
        TestServer.Reply created = server.post(JOBS, createB("startedAt", AFTER_LAST, "completedAt", BEFORE_FIRST));
        assertEquals(RULE, created.invalid("startedAt"));
        assertEquals(RULE, created.invalid("completedAt"));

        String id = (String) server.newJobB().get("id");
        TestServer.Reply patched = server.patch(JOBS + "/" + id, obj("startedAt", AFTER_LAST));
        assertEquals(RULE, patched.invalid("startedAt"));
        assertEquals(1L, server.get(JOBS).num("data.totalDocs"), "only the valid job was created");
        assertEquals(null, server.itemOf(id).get("startedAt"));
    }

    @Test
    void theEndsOfTheScaleGoInAndComeBackAsGiven() {
        String id = (String) server.newJobB("startedAt", LAST, "completedAt", FIRST).get("id");
        Map<String, Object> item = server.itemOf(id);
        assertEquals(LAST, item.get("startedAt"));
        assertEquals(FIRST, item.get("completedAt"));
        Map<String, Object> job = server.jobOf(id);
        assertEquals(Long.MAX_VALUE, TestServer.number(job.get("startedAt")));
        assertEquals(Long.MIN_VALUE, TestServer.number(job.get("completedAt")));

        Map<String, Object> a = server.newJobA("edge", "startedAt", Long.MAX_VALUE, "completedAt", Long.MIN_VALUE);
        assertEquals(Long.MAX_VALUE, TestServer.number(a.get("startedAt")));
        Map<String, Object> b = server.itemOf((String) a.get("id"));
        assertEquals(LAST, b.get("startedAt"));
        assertEquals(FIRST, b.get("completedAt"));
        server.rpc("update", obj("organizationId", ORG, "id", a.get("id"), "startedAt", Long.MIN_VALUE)).okA();
        assertEquals(FIRST, server.itemOf((String) a.get("id")).get("startedAt"));
    }
}
