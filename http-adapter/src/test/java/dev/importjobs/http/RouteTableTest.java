package dev.importjobs.http;

import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.auth.TokenVerifier;
import dev.importjobs.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route table, the apiName table and the one mapping from error code to HTTP status, read as tables
 * (docs/design.md, "HTTP decisions"), and every permission they declare enforced by a real server.
 */
class RouteTableTest {
    private static final String ANY_ID = "0123456789abcdef01234567";
    private static final String JOBS = "/v1/organizations/{organizationId}/bulk-tasks";

    @TempDir
    Path dir;

    private static RootHandler root() {
        return OpenApiTest.root(AuthMode.OPTIONAL);
    }

    @Test
    void everyRouteHasItsStyleAccessAndQuery() {
        List<String> table = root().routes().stream().map(route -> String.join(" ", route.method(), route.template(),
                route.style().name(), route.authenticated() ? "token" : "open", String.valueOf(route.permission()),
                route.query() == null ? "query-unread" : route.query().toString())).toList();

        assertEquals(List.of(
                "GET /healthz B open null query-unread",
                "HEAD /healthz B open null query-unread",
                "GET /openapi.json B open null query-unread",
                "GET / B open null query-unread",
                "HEAD / B open null query-unread",
                "GET /dashboard B open null query-unread",
                "HEAD /dashboard B open null query-unread",
                "GET /dashboard/ B open null query-unread",
                "HEAD /dashboard/ B open null query-unread",
                "GET /dashboard/{file} B open null query-unread",
                "HEAD /dashboard/{file} B open null query-unread",
                "POST /api A token null query-unread",
                "GET /v1/organizations/{organizationId}/access B token null []",
                "GET " + JOBS + " B token LIST [PAGE, LIMIT, SORT, STATUS, ACTION, CREATED_BY, CURSOR]",
                "POST " + JOBS + " B token CREATE []",
                "GET " + JOBS + "/events B token LIST []",
                "GET " + JOBS + "/{id} B token READ []",
                "PATCH " + JOBS + "/{id} B token UPDATE []",
                "DELETE " + JOBS + "/{id} B token DELETE []",
                "POST " + JOBS + "/{id}/chunks B token UPDATE []",
                "GET " + JOBS + "/{id}/errors B token READ [PAGE, LIMIT, SEVERITY]",
                "GET " + JOBS + "/{id}/errors.csv B token READ [SEVERITY]",
                "GET " + JOBS + "/{id}/events B token READ []"), table);
    }

    @Test
    void everyApiNameHasItsPermission() {
        Map<String, Permission> apis = new LinkedHashMap<>();
        root().apis().forEach(api -> apis.put(api.name(), api.permission()));

        assertEquals(Map.of("create", Permission.CREATE, "getById", Permission.READ, "listByOrganization",
                Permission.LIST, "update", Permission.UPDATE, "delete", Permission.DELETE, "recordChunk",
                Permission.UPDATE, "listErrors", Permission.READ), apis);
        assertEquals(List.of("create", "getById", "listByOrganization", "update", "delete", "recordChunk",
                "listErrors"), List.copyOf(apis.keySet()), "the order 'must be one of' lists them in");
    }

    @Test
    void allowListsTheMethodsOfTheTemplateInTableOrder() {
        Router router = new Router(root().routes());
        Map<String, String> allow = Map.ofEntries(
                Map.entry("/healthz", "GET, HEAD"),
                Map.entry("/dashboard/app.js", "GET, HEAD"),
                Map.entry("/api", "POST"),
                Map.entry("/v1/organizations/org_123/access", "GET"),
                Map.entry("/v1/organizations/org_123/bulk-tasks", "GET, POST"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/", "GET, POST"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/events", "GET"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/" + ANY_ID, "GET, PATCH, DELETE"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/" + ANY_ID + "/chunks/", "POST"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/" + ANY_ID + "/errors", "GET"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/" + ANY_ID + "/errors.csv", "GET"),
                Map.entry("/v1/organizations/org_123/bulk-tasks/" + ANY_ID + "/events", "GET"));
        allow.forEach((path, methods) -> assertEquals(methods, router.match(path).allow(), path));
        for (String unknown : List.of("/nowhere", "/healthz/", "/api/", "/v1/organizations/org_123/bulk-tasks//",
                "/v1/organizations/org_123/bulk-tasks/" + ANY_ID + "/errors.CSV")) {
            assertNull(router.match(unknown), unknown);
        }
    }

    /** What a new route costs: one line, a literal listed before the parameter it would match. */
    @Test
    void aLiteralSegmentListedBeforeAParameterWins() {
        Route events = Route.rest("GET", "/events", Permission.READ, List.of(), call -> { });
        Route item = Route.rest("GET", "/{id}", Permission.READ, List.of(), call -> { });
        Route patch = Route.rest("PATCH", "/{id}", Permission.UPDATE, List.of(), call -> { });
        Router router = new Router(List.of(events, item, patch));

        Router.Resource stream = router.match("/v1/organizations/org_123/bulk-tasks/events");
        assertSame(events, stream.route("GET"));
        assertNull(stream.route("PATCH"));
        assertEquals("GET", stream.allow());
        assertEquals(Map.of("organizationId", "org_123"), stream.params());
        Router.Resource job = router.match("/v1/organizations/org%5F123/bulk-tasks/ab%20c");
        assertSame(item, job.route("GET"));
        assertEquals(Map.of("organizationId", "org_123", "id", "ab c"), job.params(), "decoded");
    }

    @Test
    void aRouteTwiceOrATemplateInTwoStylesIsRefused() {
        Route get = Route.open("GET", "/x", call -> { });
        assertThrows(IllegalArgumentException.class, () -> new Router(List.of(get, Route.open("GET", "/x", call -> { }))));
        assertThrows(IllegalArgumentException.class, () -> new Router(List.of(get, Route.rpc("/x", call -> { }))));
    }

    @Test
    void everyErrorCodeHasOneStatusAndStyleBsVersionConflictIsAFailedPrecondition() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.putAll(Map.ofEntries(Map.entry(ErrorCode.VALIDATION, 400), Map.entry(ErrorCode.MALFORMED_BODY, 400),
                Map.entry(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415), Map.entry(ErrorCode.BODY_TOO_LARGE, 413),
                Map.entry(ErrorCode.ROUTE_NOT_FOUND, 404), Map.entry(ErrorCode.METHOD_NOT_ALLOWED, 405),
                Map.entry(ErrorCode.TOO_MANY_STREAMS, 429), Map.entry(ErrorCode.JOB_NOT_FOUND, 404), Map.entry(ErrorCode.VERSION_CONFLICT, 409),
                Map.entry(ErrorCode.IDEMPOTENCY_CONFLICT, 409), Map.entry(ErrorCode.TRANSITION_NOT_ALLOWED, 409),
                Map.entry(ErrorCode.JOB_NOT_WRITABLE, 409), Map.entry(ErrorCode.NO_TOKEN, 401),
                Map.entry(ErrorCode.FORBIDDEN, 403), Map.entry(ErrorCode.INVALID_TOKEN, 401),
                Map.entry(ErrorCode.INTERNAL, 500), Map.entry(ErrorCode.SERVICE_UNAVAILABLE, 503)));
        assertEquals(Set.of(ErrorCode.values()), expected.keySet(), "every code is in this table");
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(expected.get(code), HttpProblem.statusOf(code, Style.A), code::name);
            int b = HttpProblem.statusOf(code, Style.B);
            assertEquals(code == ErrorCode.VERSION_CONFLICT ? 412 : expected.get(code), b, code::name);
            assertEquals(code.code() / 1000 == 5, b >= 500, code + ": only server-side failures are 5xx");
        }
    }

    /**
     * Every permission the tables declare, against a real server: a caller holding every other permission
     * is refused with 403 naming the missing one, a caller holding only it gets past the check. A route or
     * apiName added to a table is covered without a line here.
     */
    @Test
    void everyDeclaredPermissionIsEnforced() {
        Map<String, Principal> tokens = new HashMap<>();
        for (Permission permission : Permission.values()) {
            Set<String> others = Arrays.stream(Permission.values()).filter(p -> p != permission)
                    .map(Permission::wireName).collect(Collectors.toSet());
            tokens.put("all-but-" + permission, new Principal("all-but", Set.of(ORG), others));
            tokens.put("only-" + permission, new Principal("only", Set.of(ORG), Set.of(permission.wireName())));
        }
        TokenVerifier verifier = token -> Optional.ofNullable(tokens.get(token));
        List<String> checked = new ArrayList<>();
        try (TestServer server = TestServer.options().auth(AuthMode.REQUIRED).verifier(verifier).start(dir)) {
            for (Route route : root().routes()) {
                if (route.permission() == null) {
                    continue;
                }
                String path = route.template().replace("{organizationId}", ORG).replace("{id}", ANY_ID);
                byte[] body = route.method().equals("GET") || route.method().equals("DELETE") ? null
                        : "{}".getBytes(StandardCharsets.UTF_8);
                String missing = "missing permission " + route.permission().wireName();
                server.send(route.method(), path, body, "Content-Type", "application/json",
                        "Authorization", "Bearer all-but-" + route.permission()).fails(403, 4003, missing);
                if (path.endsWith("/events")) {
                    // An event stream does not end by itself: its status is read, then it is closed.
                    try (EventClient stream = EventClient.open(server, path, "Authorization",
                            "Bearer only-" + route.permission())) {
                        assertNotEquals(403, stream.status(), path);
                    }
                } else {
                    assertNotEquals(403, server.send(route.method(), path, body, "Content-Type", "application/json",
                            "Authorization", "Bearer only-" + route.permission()).status, path);
                }
                checked.add(route.method() + " " + route.template());
            }
            for (RpcApi.Api api : root().apis()) {
                String missing = "missing permission " + api.permission().wireName();
                server.rpc(api.name(), obj("organizationId", ORG, "id", ANY_ID),
                        "Authorization", "Bearer all-but-" + api.permission()).fails(403, 4003, missing);
                assertNotEquals(403, server.rpc(api.name(), obj("organizationId", ORG, "id", ANY_ID),
                        "Authorization", "Bearer only-" + api.permission()).status, api.name());
                checked.add(api.name());
            }
        }
        assertEquals(10 + 7, checked.size(), () -> "routes and apiNames checked: " + checked);
    }
}
