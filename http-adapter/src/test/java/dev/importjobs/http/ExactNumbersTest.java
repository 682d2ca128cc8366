package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A config's numbers come back with their exact value (docs/api.md, "Numbers"): read as BigDecimal, stored
 * as their text (every store's contract checks it), written as they were read; in the 201 and on every
 * later read in both styles. A number that cannot be kept is refused, never changed.
 */
class ExactNumbersTest extends WithTestServer {
    static final String GIVEN = "{\"thousand\":1e3,\"precise\":0.1000000000000000055511151231257827,\"tiny\":1E-400,"
            + "\"scaled\":1.50,\"plain\":2.5,\"negativeZero\":-0.0,\"integer\":-0,\"huge\":123456789012345678901234567890}";
    static final String RETURNED = "{\"thousand\":1E+3,\"precise\":0.1000000000000000055511151231257827,\"tiny\":1E-400,"
            + "\"scaled\":1.50,\"plain\":2.5,\"negativeZero\":-0.0,\"integer\":0,\"huge\":123456789012345678901234567890}";

    @Test
    void configNumbersComeBackExactlyInBothStyles() {
        TestServer.Reply created = server.post(JOBS, "{\"file\":{\"originalName\":\"a.csv\"},\"createdBy\":{\"id\":\"u\"},"
                + "\"config\":" + GIVEN + "}");
        assertEquals(201, created.status, created::toString);
        assertConfig(created);
        String id = (String) created.okB(201).get("id");

        assertConfig(server.get(JOBS + "/" + id));
        assertConfig(server.post("/api", "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"getById\",\"data\":"
                + "{\"organizationId\":\"" + ORG + "\",\"id\":\"" + id + "\"}}"));
        assertConfig(server.get(JOBS));

        TestServer.Reply a = server.post("/api", "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"update\",\"data\":"
                + "{\"organizationId\":\"" + ORG + "\",\"id\":\"" + id + "\",\"config\":" + GIVEN + "}}");
        assertConfig(a);
    }

    /** Same value, other notation: the same create (docs/model.md#idempotent-create); another value is not. */
    @Test
    void aReplayMatchesByValueNotNotation() {
        String create = "{\"file\":{\"originalName\":\"a.csv\"},\"createdBy\":{\"id\":\"u\"},\"config\":{\"n\":%s}}";
        Map<String, Object> first = server.post(JOBS, String.format(create, "1e3"), "Idempotency-Key", "k-1").okB(201);
        TestServer.Reply replay = server.post(JOBS, String.format(create, "1000.000"), "Idempotency-Key", "k-1");
        assertEquals(first.get("id"), replay.okB(200).get("id"));
        assertEquals("true", replay.header("Idempotent-Replayed"));

        server.post(JOBS, String.format(create, "1000.0000000000000000000001"), "Idempotency-Key", "k-1").fails(409, 3003);
    }

    @Test
    void aNumberThatCannotBeKeptIsRefusedWithItsPosition() {
        TestServer.Reply reply = server.post(JOBS, "{\"config\":{\"n\":1e99999999999}}");
        String message = (String) reply.fails(400, 1001).get("message");
        assertTrue(message.startsWith("invalid JSON at line 1, column 16: "), message);
    }

    private static void assertConfig(TestServer.Reply reply) {
        assertEquals(200, reply.status / 100 * 100, reply::toString);
        assertTrue(reply.text().contains("\"config\":" + RETURNED), reply::text);
    }
}
