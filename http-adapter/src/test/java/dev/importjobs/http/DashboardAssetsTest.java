package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.query.SortField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard's files (docs/dashboard.md): types, the policy on every answer, nothing else reachable. */
class DashboardAssetsTest {
    static final Path SOURCES = Path.of("src", "main", "resources", "dev", "importjobs", "http", "dashboard");
    static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void hasThePolicy(TestServer.Reply reply) {
        assertEquals(DashboardAssets.CONTENT_SECURITY_POLICY, reply.header("Content-Security-Policy"), reply::toString);
        assertEquals("no-referrer", reply.header("Referrer-Policy"), reply::toString);
    }

    @Test
    void everyFileIsServedAsItIsWithItsTypeAndThePolicy() throws IOException {
        for (String name : DashboardAssets.FILES) {
            TestServer.Reply reply = server.get("/dashboard/" + name);

            assertEquals(200, reply.status, reply::toString);
            assertEquals(TYPES.get(name.substring(name.lastIndexOf('.') + 1)), reply.header("Content-Type"), name);
            hasThePolicy(reply);
            assertArrayEquals(Files.readAllBytes(SOURCES.resolve(name)), reply.bytes, name);
        }
    }

    @Test
    void theDirectoryServesTheIndex() throws IOException {
        TestServer.Reply reply = server.get("/dashboard/?org=org_123&job=x");

        assertEquals(200, reply.status);
        assertEquals("text/html; charset=utf-8", reply.header("Content-Type"));
        hasThePolicy(reply);
        assertArrayEquals(Files.readAllBytes(SOURCES.resolve("index.html")), reply.bytes);
    }

    @Test
    void theRootRedirectsToTheDashboardKeepingTheQuery() {
        TestServer.Reply root = server.get("/");
        assertEquals(302, root.status);
        assertEquals("/dashboard/", root.header("Location"));
        hasThePolicy(root);
        assertEquals(0, root.bytes.length);

        assertEquals("/dashboard/?org=org_123", server.get("/?org=org_123").header("Location"));
        TestServer.Reply bare = server.get("/dashboard?org=a%20b&job=1");
        assertEquals(308, bare.status);
        assertEquals("/dashboard/?org=a%20b&job=1", bare.header("Location"));
        hasThePolicy(bare);
    }

    @Test
    void headAnswersWithoutABody() {
        TestServer.Reply head = server.send("HEAD", "/dashboard/app.js", null);

        assertEquals(200, head.status);
        assertEquals("text/javascript; charset=utf-8", head.header("Content-Type"));
        hasThePolicy(head);
        assertEquals(0, head.bytes.length);
        assertEquals(302, server.send("HEAD", "/", null).status);
    }

    @Test
    void otherMethodsAre405WithThePolicy() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            TestServer.Reply reply = server.send(method, "/dashboard/app.js", new byte[0]);
            reply.fails(405, 1005);
            assertEquals("GET, HEAD", reply.header("Allow"));
            hasThePolicy(reply);
        }
        server.send("POST", "/", new byte[0]).fails(405, 1005);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/nope.js", "/dashboard/INDEX.HTML", "/dashboard/app.js/", "/dashboard/app.js.map",
        "/dashboard/dashboard/app.js", "/dashboard//app.js", "/dashboard/./app.js", "/dashboard/DashboardAssets.class",
        "/dashboard/app.js%00.html", "/dashboard/%61pp.js", "/dashboards/app.js"})
    void anythingButAListedFileIs404(String path) {
        TestServer.Reply reply = server.get(path);

        reply.fails(404, 1004, "Route not found");
        if (path.startsWith("/dashboard/")) {
            hasThePolicy(reply);
        }
    }

    /**
     * Sent byte for byte, since HTTP clients tidy such paths before sending them. (A raw backslash never
     * gets this far: the JDK server refuses the request line itself.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/../pom.xml", "/dashboard/../../pom.xml", "/dashboard/%2e%2e/%2e%2e/pom.xml",
        "/dashboard/..%2f..%2fpom.xml", "/dashboard/..%5c..%5cpom.xml",
        "/dashboard/../RootHandler.class", "/dashboard/../../dev/importjobs/http/RootHandler.class",
        "/dashboard/%2fetc%2fpasswd", "/dashboard//etc/passwd", "/dashboard/../../../../../../etc/passwd",
        "/dashboard/%c0%ae%c0%ae/pom.xml", "/dashboard/app.js/../../module-info.class"})
    void traversalReachesNothing(String path) {
        TestServer.Reply reply = server.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertTrue(reply.status == 404 || reply.status == 400, reply::toString);
        String body = reply.text();
        assertFalse(body.contains("<project") || body.contains("root:") || body.contains("CAFEBABE"), body);
        assertEquals("application/json; charset=utf-8", reply.header("Content-Type"));
    }

    @Test
    void theListedFilesAreExactlyTheResources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            assertEquals(new TreeSet<>(DashboardAssets.FILES),
                    new TreeSet<>(files.map(file -> file.getFileName().toString()).toList()));
        }
    }

    @Test
    void everyFileThePagesLoadIsListed() throws IOException {
        Pattern reference = Pattern.compile("(?:src|href)=\"([^\"?#]+)\"|from '\\./([^']+)'|import '\\./([^']+)'");
        int found = 0;
        for (String name : DashboardAssets.FILES) {
            Matcher matcher = reference.matcher(Files.readString(SOURCES.resolve(name), StandardCharsets.UTF_8));
            while (matcher.find()) {
                String target = matcher.group(1) != null ? matcher.group(1)
                        : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                if (!target.equals("./") && !target.startsWith("#")) {
                    assertTrue(DashboardAssets.FILES.contains(target), name + " loads " + target);
                    found++;
                }
            }
        }
        assertTrue(found >= 10, "the references were found: " + found);
    }

    /**
     * The policy forbids inline script and style, and text from the API goes in as text: no file uses the
     * ways in which a string becomes markup or code.
     */
    @Test
    void noInlineCodeAndNoStringBecomesMarkup() throws IOException {
        String index = Files.readString(SOURCES.resolve("index.html"));
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(index).find(), "no inline script");
        assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=").matcher(index).find(), "no inline style or handler");
        Pattern forbidden = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function"
                + "|setAttribute\\('style'|createContextualFragment|DOMParser");
        for (String name : DashboardAssets.FILES) {
            if (name.endsWith(".js")) {
                Matcher matcher = forbidden.matcher(Files.readString(SOURCES.resolve(name)));
                assertFalse(matcher.find(), () -> name + " uses " + matcher.group());
            }
        }
    }

    /** The page names sort fields and statuses itself; each must be one the API knows. */
    @Test
    void theDashboardSortsAndFiltersOnlyByWhatTheApiKnows() throws IOException {
        String jobs = Files.readString(SOURCES.resolve("jobs.js"));
        Matcher keys = Pattern.compile("const SORT_KEYS = \\{(.*?)\\n};", Pattern.DOTALL).matcher(jobs);
        assertTrue(keys.find(), "jobs.js has its sort keys");
        List<String> fields = Pattern.compile("(?m)^\\s+(\\w+):").matcher(keys.group(1)).results()
                .map(m -> m.group(1)).toList();
        assertEquals(SortField.values().length, fields.size(), fields::toString);
        fields.forEach(field -> assertEquals(field, SortField.named(field).canonicalName()));

        Matcher statuses = Pattern.compile("STATUSES = \\[([^\\]]*)]").matcher(Files.readString(SOURCES.resolve("format.js")));
        assertTrue(statuses.find(), "format.js has the statuses");
        assertEquals(Arrays.stream(JobStatus.values()).map(status -> "'" + status.wireName() + "'").toList(),
                Arrays.stream(statuses.group(1).split(",")).map(String::strip).toList());
    }

    @Test
    void apiAnswersCarryNoDashboardPolicy() {
        assertNull(server.get("/healthz").header("Content-Security-Policy"));
        assertNull(server.get(TestServer.JOBS).header("Content-Security-Policy"));
    }
}
