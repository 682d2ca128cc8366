package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.jr.ob.JSON;

/**
 * A server's OpenAPI document as the oracle of the HTTP tests (docs/api.md#openapi): every answer a test
 * receives must be one the document describes for its path, method and status — its required headers, its
 * media type, and its JSON valid against the document's schema — and a request the server accepted must be
 * valid against the document's request schema. An answer the document does not describe fails the test.
 */
final class OpenApiContract {
    /** Where the document is registered for the validator; the document itself has no {@code $id}. */
    private static final String DOCUMENT = "https://importjobs.invalid/openapi.json";
    private static final Map<String, OpenApiContract> BY_TEXT = new ConcurrentHashMap<>();

    private final Map<String, Object> document;
    private final SchemaRegistry registry;
    /** The document's paths, literal ones first, as the server's router prefers them. */
    private final List<String> templates;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(String text) {
        this.document = JSON.std.mapFrom(text);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT, text)));
        this.templates = map(document.get("paths")).keySet().stream()
                .sorted(Comparator.comparingLong((String template) -> template.chars().filter(c -> c == '{').count()))
                .toList();
    }

    /** The contract of the document {@code text}, made once per distinct document. */
    static OpenApiContract of(String text) {
        return BY_TEXT.computeIfAbsent(text, OpenApiContract::new);
    }

    /** The parsed document. */
    Map<String, Object> document() {
        return document;
    }

    /**
     * Fails unless the document describes {@code reply} as an answer to {@code method} on {@code rawPath}
     * (query and all; the query is dropped); {@code requestBody} is what was sent, or {@code null}.
     */
    void check(String method, String rawPath, byte[] requestBody, TestServer.Reply reply) {
        String path = rawPath.split("\\?", 2)[0];
        String template = template(path);
        String where = method + " " + path + " → " + reply.status;
        String pointer;
        Map<String, Object> response;
        Map<String, Object> operation = null;
        if (template == null) {
            pointer = "/" + OpenApi.ROUTE_NOT_FOUND;
            response = map(document.get(OpenApi.ROUTE_NOT_FOUND));
            assertEquals(404, reply.status, () -> where + ": no path of the document matches, so 404 is the answer");
        } else {
            Map<String, Object> item = map(map(document.get("paths")).get(template));
            String operationKey = method.toLowerCase(Locale.ROOT);
            if (item.containsKey(operationKey)) {
                operation = map(item.get(operationKey));
                pointer = "/paths/" + escape(template) + "/" + operationKey + "/responses/" + reply.status;
                Object described = map(operation.get("responses")).get(String.valueOf(reply.status));
                if (described == null) {
                    fail(where + ": the document gives " + method + " " + template + " no answer "
                            + reply.status + " (it has " + map(operation.get("responses")).keySet() + "): " + reply);
                }
                response = map(described);
            } else {
                pointer = "/paths/" + escape(template) + "/" + OpenApi.METHOD_NOT_ALLOWED;
                response = map(item.get(OpenApi.METHOD_NOT_ALLOWED));
                assertEquals(405, reply.status, () -> where + ": " + template + " has no " + method);
            }
        }
        checkHeaders(where, response, reply);
        checkBody(where, method, pointer, response, reply);
        if (operation != null && reply.status / 100 == 2 && requestBody != null && operation.containsKey("requestBody")) {
            String sent = new String(requestBody, StandardCharsets.UTF_8);
            String requestPointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT)
                    + "/requestBody/content/application~1json/schema";
            assertValid(where + ": the request the server accepted", requestPointer, sent);
            if (template.equals("/api")) {
                checkApiAnswer(where, sent, reply);
            }
        }
    }

    /** Validates {@code json} against the schema at {@code pointer} in the document; fails naming every error. */
    void assertValid(String what, String pointer, String json) {
        List<Error> errors = errors(pointer, json);
        if (!errors.isEmpty()) {
            fail(what + " does not match the document's schema " + pointer + ": " + errors + "\n" + json);
        }
    }

    /** The validator's errors for {@code json} against the schema at {@code pointer}. */
    List<Error> errors(String pointer, String json) {
        Schema schema = schemas.computeIfAbsent(pointer,
                at -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + at)));
        return schema.validate(json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    /** A style A answer is also the one its apiName gives. */
    private void checkApiAnswer(String where, String sent, TestServer.Reply reply) {
        Object apiName = JSON.std.mapFrom(sent).get(RpcApi.API_NAME);
        assertNotNull(apiName, where);
        assertValid(where + ": the answer of " + apiName, "/components/schemas/A." + apiName + ".answer",
                reply.text());
    }

    private void checkHeaders(String where, Map<String, Object> response, TestServer.Reply reply) {
        Object headers = response.get("headers");
        if (headers == null) {
            return;
        }
        for (Map.Entry<String, Object> header : map(headers).entrySet()) {
            Map<String, Object> described = resolve(map(header.getValue()));
            if (Boolean.TRUE.equals(described.get("required")) && reply.header(header.getKey()) == null) {
                fail(where + ": the document promises the header " + header.getKey() + ": " + reply);
            }
        }
    }

    private void checkBody(String where, String method, String pointer, Map<String, Object> response,
            TestServer.Reply reply) {
        Object content = response.get("content");
        if (content == null || method.equals("HEAD")) {
            assertEquals(0, reply.bytes.length, () -> where + ": the document describes no body: " + reply);
            return;
        }
        String type = reply.header("Content-Type");
        assertNotNull(type, () -> where + ": a body without a Content-Type: " + reply);
        String mediaType = base(type);
        String key = map(content).keySet().stream().filter(described -> base(described).equals(mediaType))
                .findFirst().orElse(null);
        if (key == null) {
            fail(where + ": the document describes " + map(content).keySet() + ", not " + type + ": " + reply);
        }
        if (mediaType.equals("application/json")) {
            assertValid(where + ": the answer", pointer + "/content/" + escape(key) + "/schema", reply.text());
        }
    }

    /** The path template a raw path is served by, as the router matches it (one trailing slash where allowed). */
    private String template(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : null;
        for (String template : templates) {
            if (regex(template).matcher(path).matches() || trimmed != null && regex(template).matcher(trimmed)
                    .matches() && Boolean.TRUE.equals(map(map(document.get("paths")).get(template))
                    .get(OpenApi.TRAILING_SLASH))) {
                return template;
            }
        }
        return null;
    }

    /** How the router matches a template: each {@code {name}} one segment (the one rule, in {@link Route}). */
    private static Pattern regex(String template) {
        return Route.open("GET", template, call -> { }).pattern();
    }

    private Map<String, Object> resolve(Map<String, Object> object) {
        Object ref = object.get("$ref");
        if (ref == null) {
            return object;
        }
        Object current = document;
        for (String step : ((String) ref).substring(2).split("/")) {
            current = map(current).get(step.replace("~1", "/").replace("~0", "~"));
        }
        return map(current);
    }

    private static String base(String mediaType) {
        return mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** A JSON Pointer token (RFC 6901), also percent-encoded where a URI fragment needs it. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D")
                .replace(" ", "%20").replace(";", "%3B");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new AssertionError("not an object in the document: " + value);
        }
        return (Map<String, Object>) value;
    }

    /** The names of the errors, for a test that a wrong answer is caught. */
    static List<String> messages(List<Error> errors) {
        List<String> messages = new ArrayList<>();
        errors.forEach(error -> messages.add(error.toString()));
        return messages;
    }
}
