package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.auth.TokenVerifier;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.MutableClock;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import tools.jackson.jr.ob.JSON;

/**
 * A real server on port 0 over a fresh SQLite file, with a clock that stands still, and the requests the
 * HTTP tests send to it. Every reply is checked for the headers every response must carry (docs/model.md#errors),
 * and against the server's own OpenAPI document ({@link OpenApiContract}): an answer the document does not
 * describe fails the test that received it.
 */
final class TestServer implements AutoCloseable {
    /** The clock's start: 2024-01-01T00:00:00.000Z, epoch 1704067200000. */
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final String ORG = "org_123";
    static final String JOBS = "/v1/organizations/" + ORG + "/bulk-tasks";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    final MutableClock clock = new MutableClock(START);
    final SqliteJobStore store;
    final ImportJobs jobs;
    final ImportJobsServer server;
    final URI base;
    /** The server's OpenAPI document, read from it once it listens. */
    final OpenApiContract contract;

    private TestServer(Path dir, Options options) {
        store = SqliteJobStore.open(dir.resolve("jobs.db"));
        ImportJobs.Builder jobsBuilder = ImportJobs.builder(options.seen.apply(store)).clock(clock);
        if (options.maxErrorsPerJob != null) {
            jobsBuilder.maxErrorsPerJob(options.maxErrorsPerJob);
        }
        jobs = jobsBuilder.build();
        ImportJobsServer.Builder builder = ImportJobsServer.builder(jobs, store).port(0).auth(options.auth);
        if (options.verifier != null) {
            builder.tokenVerifier(options.verifier);
        }
        if (options.maxBodyBytes != null) {
            builder.maxBodyBytes(options.maxBodyBytes);
        }
        options.server.accept(builder);
        server = builder.start();
        base = URI.create(server.baseUrl());
        contract = OpenApiContract.of(exchange(HttpRequest.newBuilder(base.resolve(OpenApi.PATH))
                .timeout(Duration.ofSeconds(30)).build()).text());
    }

    static TestServer start(Path dir) {
        return options().start(dir);
    }

    static Options options() {
        return new Options();
    }

    @Override
    public void close() {
        server.stop(Duration.ZERO);
        store.close();
    }

    int port() {
        return server.port();
    }

    // ---- requests ------------------------------------------------------------------------------------

    /** A style A call with a JSON body {@code {namespace, apiName, data}}. */
    Reply rpc(String apiName, Map<String, ?> data, String... headers) {
        return post("/api", obj("namespace", "serviceImportJobs", "apiName", apiName, "data", data), headers);
    }

    /** POST with a JSON body (a map is written as JSON, a string is sent as is). */
    Reply post(String path, Object body, String... headers) {
        return json("POST", path, body, headers);
    }

    Reply patch(String path, Object body, String... headers) {
        return json("PATCH", path, body, headers);
    }

    Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** A request with {@code Content-Type: application/json} and the body as JSON (or as the given string). */
    Reply json(String method, String path, Object body, String... headers) {
        String text = body instanceof String s ? s : JSON.std.asString(body);
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "application/json";
        return send(method, path, text.getBytes(StandardCharsets.UTF_8), all);
    }

    /** Any request; {@code headers} are name, value pairs; a {@code null} body sends none. */
    Reply send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return checked(method, path, body, exchange(request.build()));
    }

    /** Sends a request made by the test, whose body (if any) is not known here. */
    Reply send(HttpRequest request) {
        String path = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? ""
                : "?" + request.uri().getRawQuery());
        return checked(request.method(), path, null, exchange(request));
    }

    /** {@code reply}, once the OpenAPI document is found to describe it. */
    private Reply checked(String method, String path, byte[] body, Reply reply) {
        contract.check(method, path, body, reply);
        return reply;
    }

    private static Reply exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(response.headers().map());
            return new Reply(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code request} as it is to a socket and reads the answer until the server closes: for requests
     * {@link HttpClient} refuses to send (broken percent-encoding, odd header bytes). The request should say
     * {@code Connection: close}.
     */
    Reply raw(byte[] request) {
        return checkedRaw(request, parseRaw(exchangeRaw(request)));
    }

    /**
     * {@link #raw}, except that {@code null} stands for the JDK server's own refusal of a header line it
     * cannot parse: a bare 400 sent before any handler runs, so it carries none of our headers.
     */
    Reply rawUnlessTheJdkRefuses(byte[] request) {
        byte[] answer = exchangeRaw(request);
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        boolean refused = text.startsWith("HTTP/1.1 400 ") && text.contains("Failed to parse headers")
                && !text.toLowerCase(Locale.ROOT).contains("x-request-id");
        return refused ? null : checkedRaw(request, parseRaw(answer));
    }

    private byte[] exchangeRaw(byte[] request) {
        try (Socket socket = new Socket(base.getHost(), port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            return socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply raw(String request) {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends only {@code head} (request line and headers) and keeps the connection open, then reads one
     * answer as far as its Content-Length: for checking the server answers without a body it was promised.
     */
    Reply headOnly(String head) {
        try (Socket socket = new Socket(base.getHost(), port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String received = head(in);
            String headers = received.toLowerCase(Locale.ROOT);
            int at = headers.indexOf("content-length:");
            int length = at < 0 ? 0 : Integer.parseInt(headers.substring(at + 15, headers.indexOf("\r\n", at)).strip());
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.write(received.getBytes(StandardCharsets.ISO_8859_1));
            answer.write(in.readNBytes(length));
            return checkedRaw(head.getBytes(StandardCharsets.ISO_8859_1), parseRaw(answer.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code answer} was written by the JDK's HTTP server itself, which answers some malformed
     * requests before our handler runs (docs/server.md, "Limits and failure behaviour"): a short HTML page,
     * the connection closed, none of the headers every answer of ours carries.
     */
    static boolean answeredByTheJdk(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, Math.max(0, end)).toLowerCase(Locale.ROOT);
        return head.startsWith("http/1.1 ") && head.contains("\r\ncontent-type: text/html")
                && head.contains("\r\nconnection: close") && !head.contains("x-request-id");
    }

    /** Checks the answer to a raw request by its request line and body. */
    private Reply checkedRaw(byte[] request, Reply reply) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        String[] line = text.substring(0, Math.max(0, text.indexOf("\r\n"))).split(" ");
        int end = text.indexOf("\r\n\r\n");
        byte[] body = end < 0 ? null : Arrays.copyOfRange(request, end + 4, request.length);
        return line.length == 3 ? checked(line[0], line[1], body, reply) : reply;
    }

    /** An answer's status line and headers, up to and with the empty line (or all there is, if less). */
    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Reply parseRaw(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            fail("no complete HTTP answer: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if (headers.containsKey("Transfer-Encoding")) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(body, at);
            int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).strip(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("truncated chunked body");
    }

    // ---- fixtures -----------------------------------------------------------------------------------

    /** A map that keeps its order and may hold nulls: {@code obj("a", 1, "b", null)}. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The data of a valid style A create in {@link #ORG}; {@code extra} adds or replaces fields. */
    static Map<String, Object> createA(String idempotencyKey, Object... extra) {
        Map<String, Object> data = obj("organizationId", ORG, "createdByStackUserId", "user_1", "status", "pending",
                "fileName", "items.csv", "idempotencyKey", idempotencyKey);
        data.putAll(obj(extra));
        return data;
    }

    /** The body of a valid style B create; {@code extra} adds or replaces fields. */
    static Map<String, Object> createB(Object... extra) {
        Map<String, Object> body = obj("file", obj("originalName", "items.csv"), "createdBy", obj("id", "user_1"));
        body.putAll(obj(extra));
        return body;
    }

    /** Creates a job through style A and returns its style A view. */
    Map<String, Object> newJobA(String idempotencyKey, Object... extra) {
        return rpc("create", createA(idempotencyKey, extra)).okA();
    }

    /** Creates a job through style B in {@link #ORG} and returns its item. */
    Map<String, Object> newJobB(Object... extra) {
        return post(JOBS, createB(extra)).okB(201);
    }

    /** Reads a job back through style B (its item). */
    Map<String, Object> itemOf(String id) {
        return get(JOBS + "/" + id).okB(200);
    }

    /** Reads a job back through style A. */
    Map<String, Object> jobOf(String id) {
        return rpc("getById", obj("organizationId", ORG, "id", id)).okA();
    }

    /** Server settings for one test. */
    static final class Options {
        private AuthMode auth = AuthMode.OPTIONAL;
        private TokenVerifier verifier;
        private Long maxBodyBytes;
        private Integer maxErrorsPerJob;
        private Consumer<ImportJobsServer.Builder> server = builder -> { };
        private UnaryOperator<JobStore> seen = UnaryOperator.identity();

        Options auth(AuthMode mode) {
            this.auth = mode;
            return this;
        }

        Options verifier(TokenVerifier verifier) {
            this.verifier = verifier;
            return this;
        }

        Options maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        Options maxErrorsPerJob(int max) {
            this.maxErrorsPerJob = max;
            return this;
        }

        /** Any other setting of the server, such as those of its event streams. */
        Options server(Consumer<ImportJobsServer.Builder> settings) {
            this.server = this.server.andThen(settings);
            return this;
        }

        /** The store as the use cases see it: wrapped, say, to record what they ask of it. */
        Options storeSeenAs(UnaryOperator<JobStore> wrapper) {
            this.seen = wrapper;
            return this;
        }

        TestServer start(Path dir) {
            return new TestServer(dir, this);
        }
    }

    // ---- replies ------------------------------------------------------------------------------------

    /** An answer: status, headers (case-insensitive), body; checked for the common headers on arrival. */
    static final class Reply {
        private static final Set<String> ENVELOPE_KEYS = Set.of("status", "error");
        private static final Set<String> ERROR_KEYS = Set.of("code", "message", "details");

        final int status;
        final Map<String, List<String>> headers;
        final byte[] bytes;
        private Map<String, Object> json;

        Reply(int status, Map<String, List<String>> headers, byte[] bytes) {
            this.status = status;
            this.headers = headers;
            this.bytes = bytes;
            String requestId = header("X-Request-Id");
            assertNotNull(requestId, () -> "no X-Request-Id on " + this);
            assertFalse(requestId.isBlank(), () -> "blank X-Request-Id on " + this);
            assertEquals("no-store", header("Cache-Control"), () -> "Cache-Control of " + this);
            assertEquals("nosniff", header("X-Content-Type-Options"), () -> "X-Content-Type-Options of " + this);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Map<String, Object> json() {
            if (json == null) {
                String type = header("Content-Type");
                assertEquals("application/json; charset=utf-8", type, () -> "Content-Type of " + this);
                json = JSON.std.mapFrom(text());
            }
            return json;
        }

        /** The value at a path like {@code data.items[0].report.numItems}; fails when a step is missing. */
        Object at(String path) {
            return TestServer.at(json(), path);
        }

        long num(String path) {
            return number(at(path));
        }

        /** Style A success: 200 and {@code {"status":"ok","data":…}}; returns {@code data}. */
        @SuppressWarnings("unchecked")
        Map<String, Object> okA() {
            assertEquals(200, status, () -> "style A call failed: " + this);
            assertEquals(Set.of("status", "data"), json().keySet(), () -> "envelope of " + this);
            assertEquals("ok", json().get("status"));
            return (Map<String, Object>) json().get("data");
        }

        /** Style B success with this status and {@code {"status":true,"data":…}}; returns {@code data}. */
        @SuppressWarnings("unchecked")
        Map<String, Object> okB(int expected) {
            assertEquals(expected, status, () -> "style B call: " + this);
            assertEquals(Set.of("status", "data"), json().keySet(), () -> "envelope of " + this);
            assertEquals(Boolean.TRUE, json().get("status"));
            return (Map<String, Object>) json().get("data");
        }

        /**
         * A failure envelope of either style, {@code {"status":"error"|false,"error":{code,message,details?}}},
         * with this HTTP status and code; returns the {@code error} object.
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> fails(int httpStatus, int code) {
            assertEquals(httpStatus, status, () -> "status of " + this);
            Map<String, Object> body = json();
            assertEquals(ENVELOPE_KEYS, body.keySet(), () -> "envelope of " + this);
            Object flag = body.get("status");
            assertTrue("error".equals(flag) || Boolean.FALSE.equals(flag), () -> "status flag of " + this);
            Map<String, Object> error = assertInstanceOf(Map.class, body.get("error"));
            assertTrue(ERROR_KEYS.containsAll(error.keySet()), () -> "error keys of " + this);
            assertEquals(code, number(error.get("code")), () -> "code of " + this);
            String message = assertInstanceOf(String.class, error.get("message"));
            assertFalse(message.isBlank());
            if (error.containsKey("details")) {
                List<Object> details = assertInstanceOf(List.class, error.get("details"));
                assertFalse(details.isEmpty(), "details, when present, are not empty");
                for (Object detail : details) {
                    Map<String, Object> d = assertInstanceOf(Map.class, detail);
                    assertEquals(Set.of("field", "message"), d.keySet());
                    assertInstanceOf(String.class, d.get("field"));
                    assertInstanceOf(String.class, d.get("message"));
                }
            }
            return error;
        }

        /** As {@link #fails(int, int)}, and the message is exactly {@code message}. */
        Map<String, Object> fails(int httpStatus, int code, String message) {
            Map<String, Object> error = fails(httpStatus, code);
            assertEquals(message, error.get("message"), () -> "message of " + this);
            return error;
        }

        /** A 400 (1000) whose details hold exactly one entry for {@code field}; returns its message. */
        String invalid(String field) {
            Map<String, Object> error = fails(400, 1000);
            List<Map<String, Object>> details = details(error);
            List<String> messages = details.stream().filter(d -> field.equals(d.get("field")))
                    .map(d -> (String) d.get("message")).toList();
            assertEquals(1, messages.size(), () -> "one detail for '" + field + "' in " + this);
            return messages.get(0);
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> details(Map<String, Object> error) {
            Object details = error.get("details");
            assertNotNull(details, "error details");
            return (List<Map<String, Object>>) details;
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    @SuppressWarnings("unchecked")
    static Object at(Object root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            String name = step;
            int bracket = step.indexOf('[');
            List<Integer> indexes = new ArrayList<>();
            if (bracket >= 0) {
                name = step.substring(0, bracket);
                for (String index : step.substring(bracket + 1, step.length() - 1).split("]\\[")) {
                    indexes.add(Integer.parseInt(index));
                }
            }
            if (!name.isEmpty()) {
                Map<String, Object> map = assertInstanceOf(Map.class, current, () -> "at " + path);
                final Object here = current;
                final String key = name;
                assertTrue(map.containsKey(name), () -> "no '" + key + "' in " + here + " (" + path + ")");
                current = map.get(name);
            }
            for (int index : indexes) {
                current = assertInstanceOf(List.class, current, () -> "at " + path).get(index);
            }
        }
        return current;
    }

    static long number(Object value) {
        return assertInstanceOf(Number.class, value, "a JSON integer").longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) assertInstanceOf(Map.class, value);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) assertInstanceOf(List.class, value);
    }
}
