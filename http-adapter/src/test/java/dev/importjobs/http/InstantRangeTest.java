package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A time lies in the years 0000 to 9999 (docs/model.md#status-and-time), which style B writes as an RFC 3339
 * date-time and epoch milliseconds hold: outside them it is a 400 naming the field in both styles, on create
 * and on update (an ISO instant past the milliseconds' range was a 500), and the ends go in and come back
 * as given.
 */
class InstantRangeTest extends WithTestServer {
    /** The instant of the report: one millisecond past what epoch milliseconds hold. */
    static final String PAST_MILLIS = "+292278994-08-17T07:12:55.808Z";
    static final String FIRST = "0000-01-01T00:00:00.000Z";
    static final String LAST = "9999-12-31T23:59:59.999Z";
    static final long FIRST_MILLIS = -62_167_219_200_000L;
    static final long LAST_MILLIS = 253_402_300_799_999L;
    static final String RULE = "must be between " + FIRST + " and " + LAST;
    static final String MILLIS_RULE = "must be between " + FIRST_MILLIS + " and " + LAST_MILLIS + " (" + FIRST + " to "
            + LAST + ")";

    @Test
    void aTimeOutsideTheRangeIsA400NamingTheFieldOnCreateAndUpdateInBothStyles() {
        TestServer.Reply created = server.post(JOBS, createB("startedAt", PAST_MILLIS,
                "completedAt", "-0001-12-31T23:59:59.999Z", "createdAt", "+10000-01-01T00:00:00.000Z"));
        assertEquals(RULE, created.invalid("startedAt"));
        assertEquals(RULE, created.invalid("completedAt"));
        assertEquals(RULE, created.invalid("createdAt"));

        String id = (String) server.newJobB().get("id");
        assertEquals(RULE, server.patch(JOBS + "/" + id, obj("startedAt", PAST_MILLIS)).invalid("startedAt"));

        TestServer.Reply a = server.rpc("create", createA("key-1", "startedAt", Long.MAX_VALUE,
                "completedAt", FIRST_MILLIS - 1));
        assertEquals(MILLIS_RULE, a.invalid("startedAt"));
        assertEquals(MILLIS_RULE, a.invalid("completedAt"));
        assertEquals(MILLIS_RULE, server.rpc("update", obj("organizationId", ORG, "id", id,
                "startedAt", LAST_MILLIS + 1)).invalid("startedAt"));

        assertEquals(1L, server.get(JOBS).num("data.totalDocs"), "only the valid job was created");
        assertNull(server.itemOf(id).get("startedAt"));
    }

    @Test
    void theEndsOfTheRangeGoInAndComeBackAsGiven() {
        String id = (String) server.newJobB("startedAt", LAST, "completedAt", FIRST).get("id");
        Map<String, Object> item = server.itemOf(id);
        assertEquals(LAST, item.get("startedAt"));
        assertEquals(FIRST, item.get("completedAt"));
        Map<String, Object> job = server.jobOf(id);
        assertEquals(LAST_MILLIS, TestServer.number(job.get("startedAt")));
        assertEquals(FIRST_MILLIS, TestServer.number(job.get("completedAt")));

        Map<String, Object> a = server.newJobA("edge", "startedAt", LAST_MILLIS, "completedAt", FIRST_MILLIS);
        assertEquals(LAST_MILLIS, TestServer.number(a.get("startedAt")));
        Map<String, Object> b = server.itemOf((String) a.get("id"));
        assertEquals(LAST, b.get("startedAt"));
        assertEquals(FIRST, b.get("completedAt"));
        server.rpc("update", obj("organizationId", ORG, "id", a.get("id"), "startedAt", FIRST_MILLIS)).okA();
        assertEquals(FIRST, server.itemOf((String) a.get("id")).get("startedAt"));
    }
}
