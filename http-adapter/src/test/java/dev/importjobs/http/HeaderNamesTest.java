package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/**
 * Header names as they go over the wire (docs/api.md#header-names). The JDK's HTTP server writes every
 * response header name with its first letter upper case and the rest lower case ({@code Headers}
 * normalizes keys, and that is what it sends), whatever the server sets; names are case-insensitive
 * (RFC 9110), and the docs list what is really sent. This reads the raw bytes, which a client library
 * would hide.
 */
class HeaderNamesTest {
    private static final Pattern WIRE_NAMES = Pattern.compile("on the wire: ([^.]*)\\.");

    @TempDir
    Path dir;

    @Test
    void theDocsListTheNamesAsTheyAreSent() throws Exception {
        Set<String> sent = new TreeSet<>();
        try (TestServer server = TestServer.start(dir)) {
            String body = JSON.std.asString(TestServer.createB());
            String create = "POST " + JOBS + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: k1\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body;
            sent.addAll(names(server, create));
            sent.addAll(names(server, create));
            sent.addAll(names(server, "GET " + JOBS + "/0123456789abcdef01234567/errors.csv HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n"));
            sent.addAll(names(server, "DELETE /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        }
        String docs = Files.readString(Path.of("..", "docs", "api.md"));
        Matcher listed = WIRE_NAMES.matcher(docs);
        assertTrue(listed.find(), "docs/api.md lists the header names as sent");
        Set<String> documented = new TreeSet<>();
        for (String name : listed.group(1).split(",\\s*")) {
            documented.add(name.replace("`", "").strip());
        }

        assertTrue(sent.containsAll(documented), () -> "documented " + documented + ", sent " + sent);
        for (String name : sent) {
            assertEquals(name.substring(0, 1).toUpperCase() + name.substring(1).toLowerCase(), name,
                    "first letter upper case, the rest lower case");
        }
        assertTrue(sent.containsAll(Set.of("X-request-id", "Cache-control", "X-content-type-options", "Etag",
                "Location", "Idempotent-replayed", "Allow", "Content-type")), sent::toString);
    }

    /** The header names of the answer to a raw request, exactly as sent. */
    private static List<String> names(TestServer server, String request) throws IOException {
        try (Socket socket = new Socket(server.base.getHost(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> names = new ArrayList<>();
            for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("HTTP/")) {
                    names.add(line.substring(0, colon));
                }
            }
            return names;
        }
    }
}
