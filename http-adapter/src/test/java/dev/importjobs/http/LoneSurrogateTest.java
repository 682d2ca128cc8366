package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Text the server reads must be Unicode (docs/api.md, "Text"): a lone surrogate escaped in a JSON body
 * (which UTF-8 cannot hold, so it was stored as {@code ?} after being echoed as given), or percent-encoded
 * bytes in a path or query that are not UTF-8, is a 400 (1001) saying where, and changes nothing.
 */
class LoneSurrogateTest extends WithTestServer {
    private static final String LONE = "\\ud800";

    @Test
    void aLoneSurrogateInAStyleBBodyIsRejectedWithItsPosition() {
        assertRejected(server.post(JOBS, "{\"file\":{\"originalName\":\"a" + LONE + "b\"},\"createdBy\":{\"id\":\"u\"}}"),
                "invalid JSON at line 1, column 25: a lone surrogate \\ud800 at character 2 of the string;"
                        + " text must be Unicode");
        assertRejected(server.post(JOBS, "{\"file\":{\"originalName\":\"a\"},\"createdBy\":{\"id\":\"u\"},\n"
                        + "\"config\":{\"k\\udc00\":1}}"),
                "invalid JSON at line 2, column 11: a lone surrogate \\udc00 at character 2 of the string;"
                        + " text must be Unicode");
        String id = (String) server.newJobB().get("id");
        assertRejected(server.patch(JOBS + "/" + id, "{\"summary\":\"" + LONE + "\"}"),
                "invalid JSON at line 1, column 12: a lone surrogate \\ud800 at character 1 of the string;"
                        + " text must be Unicode");
        assertEquals(null, server.itemOf(id).get("summary"));
        assertEquals(1L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void aLoneSurrogateInAStyleABodyIsRejectedWithItsPosition() {
        String data = "{\"organizationId\":\"" + ORG + "\",\"createdByStackUserId\":\"u\",\"status\":\"pending\","
                + "\"fileName\":\"a.csv\",\"idempotencyKey\":\"k\",\"summary\":\"x\\udfffy\"}";
        assertRejected(server.post("/api", "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"create\",\"data\":" + data + "}"),
                "invalid JSON at line 1, column 184: a lone surrogate \\udfff at character 2 of the string;"
                        + " text must be Unicode");
        assertEquals(0L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void aSurrogatePairIsTextAndComesBackAsSent() {
        Map<String, Object> item = server.post(JOBS, "{\"file\":{\"originalName\":\"a\\ud83d\\ude00b\"},"
                + "\"createdBy\":{\"id\":\"u\"}}").okB(201);
        assertEquals("a\ud83d\ude00b", TestServer.at(server.itemOf((String) item.get("id")), "file.originalName"));
    }

    @Test
    void percentEncodedBytesThatAreNotUtf8AreRejectedInTheQueryAndThePath() {
        assertRejected(server.get(JOBS + "?createdBy=a%ED%A0%80b"), "query parameter 'createdBy' is not UTF-8 text:"
                + " the bytes from character 2 (%ED%A0%80…) are a broken sequence or a surrogate");
        assertRejected(server.get(JOBS + "?createdBy=%C3"), "query parameter 'createdBy' is not UTF-8 text:"
                + " the bytes from character 1 (%C3…) are a broken sequence or a surrogate");
        assertRejected(server.get(JOBS + "/0123%ED%B0%80"), "the path's id is not UTF-8 text:"
                + " the bytes from character 5 (%ED%B0%80…) are a broken sequence or a surrogate");
        assertEquals(0L, server.get(JOBS + "?createdBy=caf%C3%A9+x").num("data.totalDocs"));
    }

    /** The JDK reads header bytes as ISO-8859-1, so no surrogate can arrive there; a stored header must be ASCII. */
    @Test
    void anIdempotencyKeyHeaderOutsidePrintableAsciiIsRejected() {
        String body = "{\"file\":{\"originalName\":\"a\"},\"createdBy\":{\"id\":\"u\"}}";
        TestServer.Reply reply = server.raw(("POST " + JOBS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n"
                + "Idempotency-Key: caf\u00c3\u00a9\r\n\r\n" + body));
        assertEquals("must be printable ASCII", reply.invalid("idempotencyKey"));
    }

    private static void assertRejected(TestServer.Reply reply, String message) {
        assertEquals(message, reply.fails(400, 1001).get("message"));
    }
}
