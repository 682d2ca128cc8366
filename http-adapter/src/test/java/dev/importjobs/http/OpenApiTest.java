package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.service.ImportJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.jr.ob.JSON;

/**
 * The OpenAPI document (docs/api.md#openapi): valid by the official OpenAPI 3.1 schema, made from the tables
 * (every route, apiName and error code is in it), served at {@code /openapi.json}; and the check every HTTP
 * test's answers go through ({@link OpenApiContract}) refuses what the document does not describe.
 */
class OpenApiTest {
    /** The official schema, with Schema Objects checked against OpenAPI's JSON Schema dialect. */
    private static final String OAS_SCHEMA = "https://spec.openapis.org/oas/3.1/schema-base/2025-11-23";

    @TempDir
    Path dir;

    /** A root handler over an in-memory store, for its tables; it serves nothing. */
    static RootHandler root(AuthMode mode) {
        ImportJobs jobs = ImportJobs.builder(new InMemoryJobStore()).build();
        return new RootHandler(jobs, new InMemoryJobStore(), new Authenticator(mode, token -> Optional.empty()), 1024,
                new EventStreams(jobs, EventStreams.Settings.DEFAULTS));
    }

    private static String document(AuthMode mode) {
        RootHandler root = root(mode);
        return new String(OpenApi.document(root.routes(), root.apis(), mode), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(AuthMode.class)
    void theDocumentIsValidOpenApi31(AuthMode mode) {
        Schema oas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(resolvers -> resolvers
                        .mapPrefix("https://spec.openapis.org/oas/3.1", "classpath:oas/3.1")))
                .getSchema(SchemaLocation.of(OAS_SCHEMA));

        List<Error> errors = oas.validate(document(mode), InputFormat.JSON);

        assertEquals(List.of(), errors);
        assertFalse(oas.validate("{\"openapi\":\"3.1.1\",\"info\":{\"title\":\"x\"},\"paths\":{}}", InputFormat.JSON)
                .isEmpty(), "the official schema bites: info without a version is refused");
    }

    @Test
    void everyRouteIsAnOperationAndEveryApiNameABranch() {
        RootHandler root = root(AuthMode.OPTIONAL);
        Map<String, Object> paths = TestServer.map(JSON.std.mapFrom(document(AuthMode.OPTIONAL)).get("paths"));
        Set<String> operations = new TreeSet<>();
        paths.forEach((template, item) -> TestServer.map(item).keySet().stream().filter(key -> !key.startsWith("x-"))
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + template)));
        Set<String> routes = new TreeSet<>();
        root.routes().forEach(route -> routes.add(route.method() + " " + route.template()));

        assertEquals(routes, operations);
        Map<String, Object> api = TestServer.map(TestServer.at(paths, "/api"));
        List<Map<String, Object>> branches = TestServer.list(TestServer.at(TestServer.map(api.get("post")),
                "requestBody.content.application/json.schema.oneOf"));
        assertEquals(root.apis().size(), branches.size());
    }

    /** Every code is in the document, under the status the one mapping gives it, in the style that answers it. */
    @Test
    void everyErrorCodeIsAnsweredSomewhereUnderItsStatus() {
        Map<String, Object> doc = JSON.std.mapFrom(document(AuthMode.REQUIRED));
        Set<ErrorCode> seen = new HashSet<>();
        for (Map.Entry<String, Object> path : TestServer.map(doc.get("paths")).entrySet()) {
            for (Map.Entry<String, Object> operation : TestServer.map(path.getValue()).entrySet()) {
                if (operation.getKey().startsWith("x-")) {
                    continue;
                }
                Map<String, Object> responses = TestServer.map(TestServer.map(operation.getValue()).get("responses"));
                responses.forEach((status, response) -> {
                    for (ErrorCode code : codesOf(response)) {
                        Style style = path.getKey().equals("/api") ? Style.A : Style.B;
                        assertEquals(HttpProblem.statusOf(code, style), Integer.parseInt(status), code.name());
                        seen.add(code);
                    }
                });
            }
        }
        seen.addAll(codesOf(doc.get(OpenApi.ROUTE_NOT_FOUND)));
        seen.addAll(codesOf(TestServer.map(TestServer.map(doc.get("paths")).get("/api")).get(OpenApi.METHOD_NOT_ALLOWED)));
        assertEquals(Set.of(ErrorCode.values()), seen);
    }

    @SuppressWarnings("unchecked")
    private static List<ErrorCode> codesOf(Object response) {
        Map<String, Object> content = (Map<String, Object>) TestServer.map(response).get("content");
        if (content == null || !content.containsKey("application/json")) {
            return List.of();
        }
        Map<String, Object> schema = TestServer.map(TestServer.map(content.get("application/json")).get("schema"));
        if (!schema.containsKey("properties") || !String.valueOf(schema.get("$ref")).endsWith(".Failure")) {
            return List.of();
        }
        List<ErrorCode> codes = new ArrayList<>();
        for (Object number : (List<?>) TestServer.map(TestServer.at(schema, "properties.error.properties.code"))
                .get("enum")) {
            for (ErrorCode code : ErrorCode.values()) {
                if (code.code() == TestServer.number(number)) {
                    codes.add(code);
                }
            }
        }
        return codes;
    }

    /** The auth mode decides which calls take a token and which 401s and 403s are possible. */
    @Test
    void theDocumentFollowsTheAuthMode() {
        Map<AuthMode, Set<String>> statuses = new HashMap<>();
        Map<AuthMode, Object> security = new HashMap<>();
        for (AuthMode mode : AuthMode.values()) {
            Map<String, Object> get = TestServer.map(TestServer.at(JSON.std.mapFrom(document(mode)), "paths"));
            Map<String, Object> list = TestServer.map(TestServer.map(get.get(Route.JOBS)).get("get"));
            statuses.put(mode, TestServer.map(list.get("responses")).keySet());
            security.put(mode, list.get("security"));
        }
        assertEquals(Set.of("200", "400", "500", "503"), statuses.get(AuthMode.OFF));
        assertEquals(Set.of("200", "400", "401", "403", "500", "503"), statuses.get(AuthMode.OPTIONAL));
        assertEquals(null, security.get(AuthMode.OFF));
        assertEquals(List.of(Map.of(), Map.of("accessToken", List.of()), Map.of("bearer", List.of())),
                security.get(AuthMode.OPTIONAL));
        assertEquals(List.of(Map.of("accessToken", List.of()), Map.of("bearer", List.of())),
                security.get(AuthMode.REQUIRED));
    }

    @Test
    void theServerServesItsDocument() {
        try (TestServer server = TestServer.start(dir)) {
            TestServer.Reply reply = server.get(OpenApi.PATH);

            assertEquals(200, reply.status);
            assertEquals(document(AuthMode.OPTIONAL), reply.text());
            assertEquals(OpenApi.VERSION, reply.json().get("openapi"));
        }
    }

    /** The examples the document shows are what the server writes, and valid by their own schemas. */
    @Test
    void theExamplesAreValidByTheirSchemas() {
        String text = document(AuthMode.OPTIONAL);
        OpenApiContract contract = OpenApiContract.of(text);
        Map<String, Object> schemas = TestServer.map(TestServer.at(JSON.std.mapFrom(text), "components.schemas"));
        List<String> checked = new ArrayList<>();
        schemas.forEach((name, schema) -> {
            Object examples = TestServer.map(schema).get("examples");
            if (examples != null) {
                for (Object example : TestServer.list(examples)) {
                    contract.assertValid("the example of " + name, "/components/schemas/" + name,
                            JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(example));
                }
                checked.add(name);
            }
        });
        assertEquals(List.of("A.Failure", "A.Job", "A.PageOfJobs", "B.Failure", "B.Item", "B.PageOfJobs"), checked);
    }

    /** The check the HTTP tests rely on refuses answers the document does not describe. */
    @Test
    void theContractCheckRefusesWhatTheDocumentDoesNotDescribe() {
        OpenApiContract contract = OpenApiContract.of(document(AuthMode.OPTIONAL));
        Map<String, List<String>> json = headers("Content-Type", "application/json; charset=utf-8");
        String job = "/paths/" + "~1v1~1organizations~1%7BorganizationId%7D~1bulk-tasks~1%7Bid%7D"
                + "/get/responses/200/content/application~1json/schema";
        String item = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(example(contract, "B.Item"));
        String ok = "{\"status\":true,\"data\":" + item + "}";
        contract.assertValid("a real item", job, ok);

        assertFalse(contract.errors(job, ok.replace("\"status\":true", "\"status\":\"ok\"")).isEmpty(),
                "the other style's envelope");
        assertFalse(contract.errors(job, ok.replace("\"numItems\":1000", "\"numItems\":\"1000\"")).isEmpty(),
                "a counter as text");
        assertFalse(contract.errors(job, ok.replace("\"summary\":null,", "")).isEmpty(), "a field left out");
        assertFalse(contract.errors(job, ok.replace("\"version\":2", "\"version\":2,\"extra\":1")).isEmpty(),
                "a field the view does not have");
        assertFalse(contract.errors(job, ok.replace("\"status\":\"inProgress\"", "\"status\":\"ACTIVE\"")).isEmpty(),
                "a status as input spells it");
        assertFalse(contract.errors(job, ok.replace("2026-11-23T22:40:18.112Z", "yesterday")).isEmpty(),
                "a time that is no date-time");
        String path = JOBS + "/0123456789abcdef01234567";
        assertThrows(AssertionError.class, () -> contract.check("GET", path, null, reply(409, json,
                "{\"status\":false,\"error\":{\"code\":3004,\"message\":\"no\"}}")), "a status the route never answers");
        assertThrows(AssertionError.class, () -> contract.check("GET", path, null, reply(404, json,
                "{\"status\":false,\"error\":{\"code\":1004,\"message\":\"Route not found\"}}")), "a code of another status");
        assertThrows(AssertionError.class, () -> contract.check("GET", path, null, reply(200, json, ok)),
                "an item without its ETag");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/nowhere", null, reply(200, json, ok)),
                "a path no route serves answers 404");
        assertThrows(AssertionError.class, () -> contract.check("PUT", path, null, reply(404, json,
                "{\"status\":false,\"error\":{\"code\":1004,\"message\":\"Route not found\"}}")),
                "a method a path does not serve answers 405");
        assertThrows(AssertionError.class, () -> contract.check("GET", path, null, reply(404,
                headers("Content-Type", "text/html"), "<h1>404</h1>")), "a media type the document does not give");
        assertThrows(AssertionError.class, () -> contract.check("POST", "/api",
                "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"delete\",\"data\":{\"organizationId\":\"org_123\"}}"
                        .getBytes(StandardCharsets.UTF_8), reply(200, json, "{\"status\":\"ok\",\"data\":"
                        + item.replace("\"organizationId\"", "\"x\"") + "}")), "style A's answer is its apiName's");
        contract.check("GET", path + "?x=1", null, reply(200, headers("Content-Type", "application/json", "ETag", "\"2\""),
                ok));
    }

    /** A request the server accepted must be one the document describes. */
    @Test
    void anAcceptedRequestMustMatchTheDocument() {
        OpenApiContract contract = OpenApiContract.of(document(AuthMode.OPTIONAL));
        String created = "{\"status\":true,\"data\":" + JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES)
                .asString(example(contract, "B.Item")) + "}";
        TestServer.Reply reply = reply(201, headers("Content-Type", "application/json", "ETag", "\"1\"",
                "Location", "/x"), created);

        contract.check("POST", JOBS, "{\"file\":{\"originalName\":\"a.csv\"},\"createdBy\":{\"id\":\"u\"}}"
                .getBytes(StandardCharsets.UTF_8), reply);
        assertThrows(AssertionError.class, () -> contract.check("POST", JOBS,
                "{\"file\":{\"originalName\":\"a.csv\"}}".getBytes(StandardCharsets.UTF_8), reply),
                "a create without createdBy.id");
        assertNotEquals(List.of(), contract.errors("/components/schemas/B.ItemCreate", "{\"bogus\":1}"));
    }

    private static Object example(OpenApiContract contract, String schema) {
        Map<String, Object> schemas = TestServer.map(TestServer.at(contract.document(), "components.schemas"));
        return TestServer.list(TestServer.map(schemas.get(schema)).get("examples")).get(0);
    }

    private static Map<String, List<String>> headers(String... namesAndValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", List.of("r1"));
        headers.put("Cache-Control", List.of("no-store"));
        headers.put("X-Content-Type-Options", List.of("nosniff"));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        Map<String, List<String>> insensitive = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        insensitive.putAll(headers);
        return insensitive;
    }

    private static TestServer.Reply reply(int status, Map<String, List<String>> headers, String body) {
        return new TestServer.Reply(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

}
