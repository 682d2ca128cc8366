package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Organizations;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.query.Page;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.query.SortField;
import dev.importjobs.core.model.Counter;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.core.JsonGenerator;
import tools.jackson.jr.ob.JSON;

/**
 * The OpenAPI 3.1 document of a server ({@code GET /openapi.json}, docs/api.md#openapi), made from the tables
 * the server reads and writes with: the route table ({@link Route}), the apiName table ({@link RpcApi.Api}),
 * each style's job table ({@link JobView}), the line shapes ({@link LineShape}), the listing parameters
 * ({@link Parameter}), the page object ({@link Views.PageMember}), the error codes and their one status
 * mapping ({@link HttpProblem#statusOf}). Nothing here names a field, a route or a code of its own, so the
 * document cannot describe a server other than the one it is made for. It follows the server's auth mode:
 * which calls take a token, and which 401 and 403 answers are possible.
 */
final class OpenApi {
    static final String PATH = "/openapi.json";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** The OpenAPI version the document is written in. */
    static final String VERSION = "3.1.1";
    /** Where the document says what a request to a path no route serves answers. */
    static final String ROUTE_NOT_FOUND = "x-route-not-found";
    /** Where a path says what a method it does not serve answers. */
    static final String METHOD_NOT_ALLOWED = "x-method-not-allowed";
    /** Where a path says that it is served with one trailing slash too. */
    static final String TRAILING_SLASH = "x-trailing-slash";

    private static final String JSON_TYPE = "application/json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String HEADERS = "#/components/headers/";
    private static final String TOKEN_SCHEME = "accessToken";
    private static final String BEARER_SCHEME = "bearer";
    /** The headers every answer carries (docs/model.md#errors). */
    private static final List<String> COMMON_HEADERS = List.of("X-Request-Id", "Cache-Control", "X-Content-Type-Options");

    /** How a request body or answer shows a job's fields. */
    private enum Mode {
        /** As written: every field, {@code null} when unset. */
        ANSWER,
        /** A create: the fields a create needs are required. */
        CREATE,
        /** A change: every field optional. */
        PATCH
    }

    private final List<Route> routes;
    private final List<RpcApi.Api> apis;
    private final AuthMode auth;
    private final Map<String, Object> schemas = new TreeMap<>();

    private OpenApi(List<Route> routes, List<RpcApi.Api> apis, AuthMode auth) {
        this.routes = routes;
        this.apis = apis;
        this.auth = auth;
    }

    /** The document for a server with these routes, apiNames and auth mode, as JSON. */
    static byte[] document(List<Route> routes, List<RpcApi.Api> apis, AuthMode auth) {
        // Nulls are kept: the examples show what the server writes, null members and all.
        return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
                .asBytes(new OpenApi(routes, apis, auth).build());
    }

    private Map<String, Object> build() {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.template(),
                    template -> obj(METHOD_NOT_ALLOWED, failure(route.style(), ErrorCode.METHOD_NOT_ALLOWED, true)));
            item.put(route.method().toLowerCase(Locale.ROOT), operation(route));
            if (route.pattern().matcher(route.template() + "/").matches()) {
                item.put(TRAILING_SLASH, true);
            }
        }
        sharedSchemas();
        Map<String, Object> components = obj(
                "schemas", schemas,
                "headers", headers(),
                "securitySchemes", obj(
                        TOKEN_SCHEME, obj("type", "apiKey", "in", "header", "name", Authenticator.TOKEN_HEADER,
                                "description", "the access token; sent with Authorization: Bearer as well, both "
                                        + "must carry the same token"),
                        BEARER_SCHEME, obj("type", "http", "scheme", "bearer",
                                "description", "the access token as Authorization: Bearer <token>")));
        return obj(
                "openapi", VERSION,
                "info", obj("title", "Import Jobs", "version", ImportJobsServer.version(),
                        "description", "Tracks bulk import jobs. Two API styles serve the same jobs: style A, RPC "
                                + "(POST /api), and style B, REST (/v1/organizations/{organizationId}/bulk-tasks). "
                                + "Auth mode of this server: " + auth + " (docs/server.md#auth). Header names are "
                                + "case-insensitive (RFC 9110); this server sends them as the JDK writes them, such "
                                + "as X-request-id and Etag.",
                        "license", obj("name", "see the project's repository")),
                "tags", List.of(obj("name", "style A", "description", "RPC: POST /api (docs/api.md#style-a--rpc)"),
                        obj("name", "style B", "description", "REST (docs/api.md#style-b--rest)"),
                        obj("name", "server", "description", "health, this document, the dashboard")),
                "paths", paths,
                "components", components,
                ROUTE_NOT_FOUND, failure(Style.B, ErrorCode.ROUTE_NOT_FOUND, false));
    }

    // ---- operations ----------------------------------------------------------------------------------

    private Map<String, Object> operation(Route route) {
        Map<String, Object> operation = obj(
                "operationId", operationId(route),
                "summary", route.body().summary != null ? route.body().summary : route.answer().summary,
                "tags", List.of(route.style() == Style.A ? "style A" : route.template().startsWith(Route.JOBS)
                        || route.authenticated() ? "style B" : "server"));
        if (route.style() == Style.A) {
            operation.put("description", rpcDescription());
        } else if (route.permission() != null) {
            operation.put("description", "Needs the permission " + route.permission().wireName()
                    + " in the organization.");
        }
        List<Object> parameters = new ArrayList<>();
        for (String name : route.parameters()) {
            parameters.add(obj("name", name, "in", "path", "required", true, "schema", pathSchema(name)));
        }
        if (route.query() != null) {
            for (Parameter parameter : route.query()) {
                parameters.add(obj("name", parameter.canonicalName, "in", "query", "required", false,
                        "description", describe(parameter), "schema", parameterSchema(parameter)));
            }
        }
        if (route.body() == Body.CREATE) {
            parameters.add(obj("name", "Idempotency-Key", "in", "header", "required", false,
                    "description", "the create's idempotency key (docs/model.md#idempotent-create); must equal "
                            + "the body's idempotencyKey when both are sent",
                    "schema", obj("type", "string")));
        } else if (route.body() == Body.PATCH) {
            parameters.add(obj("name", "If-Match", "in", "header", "required", false,
                    "description", "the ETag of the version the change is for (\"3\", W/\"3\" or 3; * for any): "
                            + "another version is 412 (code 3002)",
                    "schema", obj("type", "string")));
        }
        if (route.answer() == Answer.EVENTS || route.answer() == Answer.JOB_EVENTS) {
            parameters.add(obj("name", "Last-Event-ID", "in", "header", "required", false,
                    "description", "the id of the last event received: the stream goes on after it, or begins with "
                            + "event reload when it cannot",
                    "schema", obj("type", "string")));
        }
        parameters.add(obj("name", "X-Request-Id", "in", "header", "required", false,
                "description", "a request id of 1..128 of A-Z a-z 0-9 . _ : - to be echoed; otherwise one is made",
                "schema", obj("type", "string")));
        operation.put("parameters", parameters);
        if (route.body().isJson()) {
            operation.put("requestBody", obj("required", true, "content",
                    obj(JSON_TYPE, obj("schema", requestSchema(route.body())))));
        }
        Map<String, Object> responses = new TreeMap<>(answers(route));
        // A status the route answers itself (the health check's 503) is not also an error envelope.
        failures(route).forEach((status, codes) -> responses.putIfAbsent(String.valueOf(status),
                failure(route.style(), codes)));
        operation.put("responses", responses);
        if (route.authenticated() && auth != AuthMode.OFF) {
            List<Object> security = new ArrayList<>();
            if (auth == AuthMode.OPTIONAL) {
                security.add(obj());
            }
            security.add(obj(TOKEN_SCHEME, List.of()));
            security.add(obj(BEARER_SCHEME, List.of()));
            operation.put("security", security);
        }
        return operation;
    }

    /** {@code get /v1/organizations/{organizationId}/bulk-tasks/{id}/errors.csv} → {@code getBulkTasksIdErrorsCsv}. */
    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        String template = route.template().startsWith(Route.JOBS) ? "bulk-tasks" + route.template()
                .substring(Route.JOBS.length()) : route.template().replace("/v1/organizations/{organizationId}", "");
        for (String word : template.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return route.template().equals("/") ? id + "Root" : id.toString();
    }

    private String rpcDescription() {
        StringBuilder text = new StringBuilder("One endpoint for every call: {namespace: \"" + RpcApi.NAMESPACE
                + "\", apiName, data}. The apiNames, each with the permission it needs in data.organizationId "
                + "and its own error codes:");
        for (RpcApi.Api api : apis) {
            text.append("\n- ").append(api.name()).append(": ").append(api.answer().summary.toLowerCase(Locale.ROOT))
                    .append("; needs ").append(api.permission().wireName());
            if (!api.failures().isEmpty()) {
                text.append("; may fail with ").append(codes(api.failures()));
            }
        }
        return text.append("\nThe answer's data is the apiName's answer (components A.<apiName>.answer).").toString();
    }

    private static Map<String, Object> pathSchema(String name) {
        return switch (name) {
            case Route.ORGANIZATION -> obj("type", "string", "pattern", Organizations.PATTERN);
            case Route.JOB -> obj("type", "string", "description",
                    "24 lowercase hex digits; any other id names no job (404, code 3001)");
            case "file" -> obj("type", "string", "enum", DashboardAssets.FILES);
            default -> obj("type", "string");
        };
    }

    /** A listing parameter: a query parameter of style B (text), a field of style A's data (integers as numbers). */
    private static Map<String, Object> parameterSchema(Parameter parameter) {
        return switch (parameter) {
            case PAGE -> obj("type", "integer", "minimum", 1, "maximum", ListJobsQuery.MAX_PAGE, "default", 1);
            case LIMIT -> obj("type", "integer", "minimum", 1, "maximum", ListJobsQuery.MAX_LIMIT,
                    "default", ListJobsQuery.DEFAULT_LIMIT);
            case SORT -> obj("type", "string", "pattern", Sort.SYNTAX, "default", Sort.DEFAULT.canonical());
            case STATUS, ACTION, CREATED_BY, CURSOR, SEVERITY -> obj("type", "string");
            case STALLED -> obj("type", "boolean");
        };
    }

    private static String describe(Parameter parameter) {
        return switch (parameter) {
            case PAGE -> "the page, from 1 (ASCII digits; empty means 1); not with cursor";
            case LIMIT -> "the page size, 1.." + ListJobsQuery.MAX_LIMIT + " (ASCII digits; empty means "
                    + ListJobsQuery.DEFAULT_LIMIT + ")";
            case SORT -> "field, field:asc or field:desc; fields: " + SortField.ALLOWED + "; ties break by id, "
                    + "empty values sort last";
            case STATUS -> "one status or a comma list: " + Arrays.stream(JobStatus.values())
                    .map(JobStatus::wireName).collect(Collectors.joining(", ")) + " (any spelling)";
            case ACTION -> "jobs whose " + RestView.ITEM.rename(JobField.ACTION.path) + " (style A: "
                    + RpcView.JOB.rename(JobField.ACTION.path) + ") is this one only";
            case CREATED_BY -> "jobs created by this user id only";
            case STALLED -> "true: only the stalled jobs (in progress, no change for longer than the server's "
                    + "stall time); false: all the others (docs/model.md#stalled-jobs)";
            case CURSOR -> "the nextCursor of an earlier page with the same sort and filters; not with page";
            case SEVERITY -> "one severity or a comma list: " + Arrays.stream(Severity.values())
                    .map(Severity::wireName).collect(Collectors.joining(", "));
        };
    }

    // ---- answers -----------------------------------------------------------------------------------

    /** The route's successful answers by status. */
    private Map<String, Object> answers(Route route) {
        Style style = route.style();
        return switch (route.answer()) {
            case HEALTH -> obj(
                    "200", response("the store answers", List.of(), JSON_TYPE, ref("Health.ok")),
                    "503", response("the store does not answer (logged with the request id)",
                            List.of("Retry-After"), JSON_TYPE,
                            ref("Health.unavailable")));
            case FOUND -> obj("302", response("to " + DashboardAssets.HOME + ", keeping the query",
                    List.of("Location", "Content-Security-Policy", "Referrer-Policy"), null, null));
            case PERMANENT_REDIRECT -> obj("308", response("to " + DashboardAssets.HOME + ", keeping the query",
                    List.of("Location", "Content-Security-Policy", "Referrer-Policy"), null, null));
            case ASSET -> {
                Map<String, Object> content = new LinkedHashMap<>();
                DashboardAssets.CONTENT_TYPES.values().stream().sorted()
                        .forEach(type -> content.put(type, obj("schema", obj("type", "string"))));
                yield obj("200", obj("description", "the file (none for HEAD)", "headers",
                        headerRefs(List.of("Content-Security-Policy", "Referrer-Policy")), "content", content));
            }
            case DOCUMENT -> obj("200", response("this document", List.of(), JSON_TYPE,
                    obj("type", "object", "required", List.of("openapi", "info", "paths"))));
            case ACCESS -> ok("the caller's subject and permissions here", style, ref("Access"), List.of());
            case JOB -> ok("the job", style, ref(viewName(style)), etag(style));
            case CREATED_JOB -> style == Style.A
                    ? ok("the job made, or for a repeated create the one the first made (Idempotent-Replayed: true)",
                            style, ref(viewName(style)), List.of("Idempotent-Replayed"))
                    : obj("200", response("a repeated create: the job the first one made", List.of("ETag",
                                    "Idempotent-Replayed"), JSON_TYPE, success(style, ref(viewName(style)))),
                            "201", response("the job made", List.of("ETag", "Location"), JSON_TYPE,
                                    success(style, ref(viewName(style)))));
            case PAGE_OF_JOBS -> ok("a page of jobs", style, ref(style.name() + ".PageOfJobs"), List.of());
            case DELETED -> ok("the job is gone", style, ref("Deleted"), List.of());
            case CHUNK -> ok("applied: false for a chunk recorded before (nothing changed); the job as it is now",
                    style, ref(style.name() + ".ChunkResult"), List.of());
            case PAGE_OF_LINES -> ok("a page of line errors, in the order of their lines", style,
                    ref("PageOfLineErrors"), List.of());
            case CSV -> obj("200", obj("description", "every line error as CSV (RFC 4180): the header "
                            + Csv.HEADER.strip() + ", then one row each, streamed",
                    "headers", headerRefs(List.of("Content-Disposition")),
                    "content", obj("text/csv; charset=utf-8", obj("schema", obj("type", "string")))));
            case EVENTS, JOB_EVENTS -> obj("200", obj("description", "Server-Sent Events, open until the client "
                            + "or the server ends them (docs/api.md#live-events): event job (data: the style B item, "
                            + "with at most " + ImportJobs.LIST_PREVIEW_LINE_ERRORS + " line errors), event deleted "
                            + "(data: {\"id\":…}), event reload (read everything again, then follow on), each with an "
                            + "increasing id; a comment line as heartbeat",
                    "headers", headerRefs(List.of("X-Accel-Buffering")),
                    "content", obj(EventStreams.CONTENT_TYPE, obj("schema", obj("type", "string")))));
            case RPC -> {
                List<Object> each = new ArrayList<>();
                for (RpcApi.Api api : apis) {
                    schemas.put(rpcAnswer(api), success(Style.A, answerSchema(api.answer(), Style.A)));
                    each.add(ref(rpcAnswer(api)));
                }
                yield obj("200", response("the apiName's answer", List.of("Idempotent-Replayed"), JSON_TYPE,
                        obj("anyOf", each)));
            }
        };
    }

    private Map<String, Object> ok(String description, Style style, Map<String, Object> data, List<String> headers) {
        return obj("200", response(description, headers, JSON_TYPE, success(style, data)));
    }

    private static List<String> etag(Style style) {
        return style == Style.B ? List.of("ETag") : List.of();
    }

    /** What an apiName's data is in its answer. */
    private static Map<String, Object> answerSchema(Answer answer, Style style) {
        return switch (answer) {
            case JOB, CREATED_JOB -> ref(viewName(style));
            case PAGE_OF_JOBS -> ref(style.name() + ".PageOfJobs");
            case DELETED -> ref("Deleted");
            case CHUNK -> ref(style.name() + ".ChunkResult");
            case PAGE_OF_LINES -> ref("PageOfLineErrors");
            default -> throw new IllegalArgumentException(answer + " is no data of style A");
        };
    }

    static String rpcAnswer(RpcApi.Api api) {
        return "A." + api.name() + ".answer";
    }

    static String rpcCall(RpcApi.Api api) {
        return "A." + api.name() + ".call";
    }

    /** The style's success envelope around {@code data}. */
    private static Map<String, Object> success(Style style, Map<String, Object> data) {
        return obj("type", "object", "required", List.of("status", RpcApi.DATA), "additionalProperties", false,
                "properties", obj("status", obj("const", style == Style.A ? "ok" : true), RpcApi.DATA, data));
    }

    // ---- failures ----------------------------------------------------------------------------------

    /**
     * Every code the route may answer, by HTTP status: its own, those of what it reads and who may call
     * it, and every server-side code (a failing store, anything unexpected) everywhere.
     */
    private Map<Integer, Set<ErrorCode>> failures(Route route) {
        Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
        codes.addAll(route.failures());
        if (route.style() == Style.A) {
            apis.forEach(api -> codes.addAll(api.failures()));
        }
        if (route.authenticated() && auth != AuthMode.OFF) {
            codes.addAll(List.of(ErrorCode.INVALID_TOKEN, ErrorCode.FORBIDDEN));
            if (auth == AuthMode.REQUIRED) {
                codes.add(ErrorCode.NO_TOKEN);
            }
        }
        if (route.body().isJson()) {
            codes.addAll(List.of(ErrorCode.VALIDATION, ErrorCode.MALFORMED_BODY, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode.BODY_TOO_LARGE));
        }
        if (!route.parameters().isEmpty() || route.query() != null) {
            // A rule broken, or percent-encoded bytes that are not UTF-8 (docs/api.md#text).
            codes.addAll(List.of(ErrorCode.VALIDATION, ErrorCode.MALFORMED_BODY));
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (HttpProblem.statusOf(code, route.style()) >= 500) {
                codes.add(code);
            }
        }
        Map<Integer, Set<ErrorCode>> byStatus = new TreeMap<>();
        for (ErrorCode code : codes) {
            byStatus.computeIfAbsent(HttpProblem.statusOf(code, route.style()), s -> EnumSet.noneOf(ErrorCode.class))
                    .add(code);
        }
        return byStatus;
    }

    private Map<String, Object> failure(Style style, ErrorCode code, boolean allow) {
        Map<String, Object> response = failure(style, Set.of(code));
        if (allow) {
            @SuppressWarnings("unchecked")
            Map<String, Object> headers = (Map<String, Object>) response.get("headers");
            headers.put("Allow", obj("$ref", HEADERS + "Allow"));
        }
        return response;
    }

    /** The style's failure envelope, its {@code error.code} one of {@code codes}. */
    private Map<String, Object> failure(Style style, Set<ErrorCode> codes) {
        Map<String, Object> schema = ref(style.name() + ".Failure");
        schema.put("properties", obj("error", obj("properties", obj("code", obj("enum",
                codes.stream().map(ErrorCode::code).sorted().toList())))));
        boolean retry = codes.contains(ErrorCode.TOO_MANY_STREAMS)
                || codes.stream().anyMatch(code -> HttpProblem.statusOf(code, style) == 503);
        return response(codes(codes), retry ? List.of("Retry-After") : List.of(), JSON_TYPE, schema);
    }

    private static String codes(Set<ErrorCode> codes) {
        return codes.stream().sorted().map(code -> code.code() + " " + meaning(code)).collect(Collectors.joining("; "));
    }

    /** What a code means, as docs/model.md#errors says it. */
    private static String meaning(ErrorCode code) {
        return switch (code) {
            case VALIDATION -> "a field or parameter breaks a rule (details name each one)";
            case MALFORMED_BODY -> "the body is not JSON, not an object or not UTF-8, a string in it holds a lone"
                    + " surrogate, or the path or query is not UTF-8";
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be application/json";
            case BODY_TOO_LARGE -> "the body is over the limit";
            case ROUTE_NOT_FOUND -> "Route not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed (see Allow)";
            case JOB_NOT_FOUND -> "Entity not found: no such job in that organization";
            case VERSION_CONFLICT -> "another version was expected";
            case IDEMPOTENCY_CONFLICT -> "the idempotency key was used with other content";
            case TRANSITION_NOT_ALLOWED -> "the status move is not allowed";
            case JOB_NOT_WRITABLE -> "the job takes no such change (final, failed, past totalRows, overflow)";
            case NO_TOKEN -> "No auth token";
            case FORBIDDEN -> "the token lacks the organization or the permission";
            case INVALID_TOKEN -> "Invalid Token";
            case TOO_MANY_STREAMS -> "the caller has as many event streams open as it may (see Retry-After)";
            case SERVICE_UNAVAILABLE ->
                    "the store is busy or failing; nothing was done, send it again after Retry-After";
            default -> code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    // ---- shared schemas ----------------------------------------------------------------------------

    private void sharedSchemas() {
        for (Style style : Style.values()) {
            JobView view = style.view();
            Map<String, Object> answer = object(view.nodes, Mode.ANSWER, view);
            answer.put("examples", List.of(example(out -> view.write(out, sample()))));
            schemas.put(viewName(style), answer);
            schemas.put(style.name() + ".PageOfJobs", page(ref(viewName(style)), view));
            schemas.put(style.name() + ".ChunkResult", obj("type", "object", "required",
                    List.of(Views.APPLIED, view.noun), "additionalProperties", false, "properties",
                    obj(Views.APPLIED, obj("type", "boolean", "description", "false: recorded before, nothing changed"),
                            view.noun, ref(viewName(style)))));
            Map<String, Object> failure = obj("type", "object", "required", List.of("status", "error"),
                    "additionalProperties", false, "properties", obj(
                            "status", obj("const", style == Style.A ? "error" : false),
                            "error", ref("Problem")));
            failure.put("examples", List.of(example(Envelope.error(style, HttpProblem.validation(
                    style.view().rename(Parameter.LIMIT.canonicalName), "must be an integer 1.."
                            + ListJobsQuery.MAX_LIMIT))::writeTo)));
            schemas.put(style.name() + ".Failure", failure);
        }
        schemas.put("B.ItemCreate", object(RestView.ITEM.nodes, Mode.CREATE, RestView.ITEM));
        schemas.put("B.ItemPatch", object(RestView.ITEM.nodes, Mode.PATCH, RestView.ITEM));
        schemas.put("LineError", line(LineShape.CANONICAL, Mode.ANSWER, null));
        schemas.put("PageOfLineErrors", page(ref("LineError"), null));
        schemas.put("ChunkReport", chunkReport());
        schemas.put("Deleted", obj("type", "object", "required", List.of(JobField.ID.path, Views.DELETED),
                "additionalProperties", false, "properties", obj(JobField.ID.path, obj("type", "string"),
                        Views.DELETED, obj("const", true))));
        schemas.put("Access", obj("type", "object", "required", List.of(AccessView.SUBJECT, AccessView.PERMISSIONS),
                "additionalProperties", false, "properties", obj(
                        AccessView.SUBJECT, obj("type", "string"),
                        AccessView.PERMISSIONS, obj("type", "array", "uniqueItems", true, "items", obj("enum",
                                Arrays.stream(Permission.values()).map(Permission::wireName).toList())))));
        for (String status : List.of(RootHandler.HEALTHY, RootHandler.UNHEALTHY)) {
            schemas.put("Health." + status, obj("type", "object", "required", List.of(RootHandler.HEALTH_STATUS),
                    "additionalProperties", false, "properties", obj(RootHandler.HEALTH_STATUS, obj("const", status))));
        }
        schemas.put("Problem", obj("type", "object", "required", List.of("code", "message"),
                "additionalProperties", false, "properties", obj(
                        "code", obj("type", "integer", "enum", Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
                                .toList(), "description", codes(EnumSet.allOf(ErrorCode.class))),
                        "message", obj("type", "string", "minLength", 1),
                        "details", obj("type", "array", "minItems", 1, "items", obj("type", "object",
                                "required", List.of("field", "message"), "additionalProperties", false,
                                "properties", obj("field", obj("type", "string", "description",
                                                "the field or parameter as the request named it"),
                                        "message", obj("type", "string")))))));
        for (RpcApi.Api api : apis) {
            schemas.put(rpcCall(api), obj("type", "object", "required",
                    List.of(RpcApi.NAMESPACE_FIELD, RpcApi.API_NAME, RpcApi.DATA), "additionalProperties", false,
                    "properties", obj(RpcApi.NAMESPACE_FIELD, obj("const", RpcApi.NAMESPACE),
                            RpcApi.API_NAME, obj("const", api.name()), RpcApi.DATA, rpcData(api.data()))));
        }
    }

    private Map<String, Object> requestSchema(Body body) {
        return switch (body) {
            case CREATE -> ref("B.ItemCreate");
            case PATCH -> ref("B.ItemPatch");
            case CHUNK -> ref("ChunkReport");
            case RPC -> {
                Map<String, Object> mapping = new LinkedHashMap<>();
                List<Object> each = new ArrayList<>();
                for (RpcApi.Api api : apis) {
                    mapping.put(api.name(), SCHEMAS + rpcCall(api));
                    each.add(ref(rpcCall(api)));
                }
                yield obj("oneOf", each, "discriminator", obj("propertyName", RpcApi.API_NAME, "mapping", mapping));
            }
            case NONE -> throw new IllegalArgumentException("no body");
        };
    }

    /** What an apiName's data holds, as its table line says. */
    private Map<String, Object> rpcData(RpcApi.Data data) {
        Map<String, Object> schema = data.job()
                ? object(RpcView.JOB.nodes, data.id() ? Mode.PATCH : Mode.CREATE, RpcView.JOB)
                : obj("type", "object", "additionalProperties", false, "properties", new LinkedHashMap<>());
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        @SuppressWarnings("unchecked")
        List<Object> required = new ArrayList<>((List<Object>) schema.getOrDefault("required", List.of()));
        Map<String, Object> keys = obj(RpcApi.ORGANIZATION_ID, obj("type", "string", "pattern", Organizations.PATTERN));
        required.add(0, RpcApi.ORGANIZATION_ID);
        if (data.id()) {
            keys.put(RpcApi.ID, pathSchema(Route.JOB));
            required.add(1, RpcApi.ID);
        }
        keys.putAll(properties);
        for (JobField field : data.required()) {
            String name = RpcView.JOB.rename(field.path);
            required.add(name);
            keys.put(name, nonNull(keys.get(name)));
        }
        if (data.expectedVersion()) {
            keys.put(RpcApi.EXPECTED_VERSION, obj("type", List.of("integer", "null"), "format", "int64",
                    "description", "the version the change is for; another is 409 (code 3002)"));
        }
        if (data.chunk()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> chunk = (Map<String, Object>) chunkReport().get("properties");
            keys.putAll(chunk);
            required.addAll(chunkRequired());
        }
        for (Parameter parameter : data.parameters()) {
            Map<String, Object> type = parameterSchema(parameter);
            type.put("type", List.of(type.get("type"), "null"));
            type.put("description", describe(parameter));
            keys.put(parameter.rpcName, type);
        }
        schema.put("properties", keys);
        schema.put("required", required);
        return schema;
    }

    private static Map<String, Object> chunkReport() {
        Map<String, Object> properties = obj(ChunkBody.CHUNK_INDEX, obj("type", "integer", "format", "int32",
                "minimum", 0, "maximum", RecordChunkCommand.MAX_CHUNK_INDEX));
        for (Counter counter : RecordChunkCommand.COUNTS) {
            properties.put(RecordChunkCommand.fieldName(counter), obj("type", List.of("integer", "null"),
                    "format", "int64", "minimum", 0, "description", counter == Counter.TOTAL_ROWS
                            ? "the job's total, when this chunk knows it" : "this chunk's count (default 0)"));
        }
        properties.put(ChunkBody.ERRORS, obj("type", List.of("array", "null"), "items",
                line(LineShape.CANONICAL, Mode.CREATE, null)));
        return obj("type", "object", "required", chunkRequired(), "additionalProperties", false,
                "properties", properties);
    }

    private static List<Object> chunkRequired() {
        return List.of(ChunkBody.CHUNK_INDEX, RecordChunkCommand.fieldName(Counter.PROCESSED_ROWS));
    }

    /** The page object around {@code item}: every member always written. */
    private static Map<String, Object> page(Map<String, Object> item, JobView view) {
        Map<String, Object> properties = obj(Views.ITEMS, obj("type", "array", "items", item));
        List<Object> required = new ArrayList<>(List.of(Views.ITEMS));
        for (Views.PageMember member : Views.PageMember.values()) {
            Map<String, Object> schema = obj("type", member.nullable ? List.of(member.type, "null") : member.type,
                    "description", member.description);
            if (member.minimum != null) {
                schema.put("minimum", member.minimum);
            }
            if (member == Views.PageMember.LIMIT) {
                schema.put("maximum", ListJobsQuery.MAX_LIMIT);
            }
            properties.put(member.name, schema);
            required.add(member.name);
        }
        Map<String, Object> page = obj("type", "object", "required", required, "additionalProperties", false,
                "properties", properties, "description", "The page object of both styles, as mongoose-paginate-v2's "
                        + "(docs/model.md#listing-and-pages), without its offset, -field sorts and limit=0, plus "
                        + "nextCursor. A page past the end is empty, keeps its page number and points back to the "
                        + "last page.");
        if (view != null) {
            page.put("examples", List.of(example(Views.page(Page.numbered(List.of(sample()), 31,
                    ListJobsQuery.DEFAULT_LIMIT, 2, "eyJ..."), view::write)::writeTo)));
        }
        return page;
    }

    /** The object of {@code nodes} in {@code mode}. */
    private static Map<String, Object> object(List<JobView.Node> nodes, Mode mode, JobView view) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        for (JobView.Node node : nodes) {
            Map<String, Object> schema;
            boolean needed;
            if (node instanceof JobView.Group group) {
                schema = object(group.members(), mode, view);
                needed = mode == Mode.ANSWER || mode == Mode.CREATE && !((List<?>) schema.get("required")).isEmpty();
                if (!needed) {
                    schema.put("type", List.of("object", "null"));
                }
            } else {
                JobView.Leaf leaf = (JobView.Leaf) node;
                schema = leaf(leaf, mode, view);
                if (schema == null) {
                    continue;
                }
                needed = mode == Mode.ANSWER || mode == Mode.CREATE && leaf.field().requiredOnCreate;
            }
            properties.put(node.name(), needed && mode != Mode.ANSWER ? nonNull(schema) : schema);
            if (needed) {
                required.add(node.name());
            }
        }
        return obj("type", "object", "required", required, "additionalProperties", false, "properties", properties);
    }

    /** One field's schema, or {@code null} when a request in {@code mode} cannot carry it. */
    private static Map<String, Object> leaf(JobView.Leaf leaf, Mode mode, JobView view) {
        JobField field = leaf.field();
        boolean request = mode != Mode.ANSWER;
        String description = null;
        if (request && field.access != JobField.Access.WRITABLE) {
            if (!view.echoes || field == JobField.ID && mode == Mode.CREATE) {
                return null;
            }
            description = field.access == JobField.Access.SERVER ? "set by the server; ignored when sent back"
                    : "as the path names it; sent back, it must match";
        }
        Map<String, Object> schema;
        if (leaf.codec() instanceof Codec.Lines lines) {
            schema = obj("type", "array", "items", line(lines.shape(), mode, lines));
            if (lines.only() != null) {
                description = "the job's line errors of severity " + lines.only().wireName()
                        + (request ? "; replaces those stored" : "");
            }
        } else {
            schema = obj("type", leaf.codec().type());
            if (leaf.codec().format() != null) {
                schema.put("format", leaf.codec().format());
            }
            if (field.maxLength != null) {
                if (field.minLength != null && field.minLength > 0) {
                    schema.put("minLength", field.minLength);
                }
                schema.put("maxLength", field.maxLength);
            }
            if (field.minimum != null) {
                schema.put("minimum", field.minimum);
            }
            if (!field.values.isEmpty()) {
                if (request) {
                    description = "one of " + String.join(", ", field.values) + ", in any case, _ and - ignored; "
                            + "ACTIVE means inProgress, CANCELED cancelled";
                } else {
                    schema.put("enum", field.values);
                }
            }
        }
        if (request || field.nullable) {
            schema.put("type", List.of(schema.get("type"), "null"));
        }
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }

    /** A line error in {@code shape}; in a request, a line the list gives a default message need not have one. */
    private static Map<String, Object> line(LineShape shape, Mode mode, Codec.Lines lines) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        for (LineShape.Member member : shape.members) {
            LineShape.Part part = member.part();
            Map<String, Object> schema = switch (part) {
                case LINE -> obj("type", "integer", "format", "int64", "minimum", 0);
                case SEVERITY -> mode == Mode.ANSWER ? obj("enum", Arrays.stream(Severity.values())
                        .map(Severity::wireName).toList()) : obj("type", "string");
                default -> obj("type", "string", "maxLength", part.maxLength);
            };
            if (part == LineShape.Part.MESSAGE) {
                schema.put("minLength", 1);
            }
            boolean needed = mode == Mode.ANSWER ? part.alwaysWritten : part == LineShape.Part.LINE
                    || part == LineShape.Part.MESSAGE && (lines == null || lines.defaultMessage() == null);
            if (mode != Mode.ANSWER && !needed) {
                schema.put("type", List.of(schema.getOrDefault("type", "string"), "null"));
            }
            properties.put(member.name(), schema);
            if (needed) {
                required.add(member.name());
            }
        }
        return obj("type", "object", "required", required, "additionalProperties", false, "properties", properties);
    }

    /** The schema without {@code null} among its types: a required field must be given. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> nonNull(Object schema) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) schema);
        if (copy.get("type") instanceof List<?> types) {
            List<Object> left = types.stream().filter(type -> !"null".equals(type)).collect(Collectors.toList());
            copy.put("type", left.size() == 1 ? left.get(0) : left);
        }
        return copy;
    }

    private static String viewName(Style style) {
        return style == Style.A ? "A.Job" : "B.Item";
    }

    // ---- headers and responses ---------------------------------------------------------------------

    private static Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", header("the request's id: the client's, if it sent a sane one, else made here",
                true));
        headers.put("Cache-Control", header("no-store", true));
        headers.put("X-Content-Type-Options", header("nosniff", true));
        headers.put("ETag", header("the job's version in quotes, for If-Match", true));
        headers.put("Location", header("where the job (or the dashboard) is", true));
        headers.put("Idempotent-Replayed", header("true when a repeated create answered the first one's job", false));
        headers.put("Allow", header("the methods the path serves", true));
        headers.put("Retry-After", header("seconds to wait before sending the request again", true));
        headers.put("Content-Disposition", header("attachment, with a file name", true));
        headers.put("Content-Security-Policy", header(DashboardAssets.CONTENT_SECURITY_POLICY, true));
        headers.put("Referrer-Policy", header("no-referrer", true));
        headers.put("X-Accel-Buffering", header("no: a proxy passes each event on at once", true));
        headers.put("Retry-After", header("seconds to wait before trying again", true));
        return headers;
    }

    private static Map<String, Object> header(String description, boolean required) {
        return obj("description", description, "required", required, "schema", obj("type", "string"));
    }

    private static Map<String, Object> headerRefs(List<String> names) {
        Map<String, Object> refs = new LinkedHashMap<>();
        for (String name : COMMON_HEADERS) {
            refs.put(name, obj("$ref", HEADERS + name));
        }
        names.forEach(name -> refs.put(name, obj("$ref", HEADERS + name)));
        return refs;
    }

    private static Map<String, Object> response(String description, List<String> headers, String type,
            Map<String, Object> schema) {
        Map<String, Object> response = obj("description", description, "headers", headerRefs(headers));
        if (type != null) {
            response.put("content", obj(type, obj("schema", schema)));
        }
        return response;
    }

    // ---- examples ----------------------------------------------------------------------------------

    /** A job as a client sees it midway, for the examples. */
    private static ImportJob sample() {
        Instant created = Instant.parse("2026-11-23T22:40:18.112Z");
        return ImportJob.builder().id("6565a3f2c0ffee0000000001").organizationId("org_123")
                .createdBy(new CreatedBy("user_42", "ana@example.com", null, null, null, null))
                .action("import-inventory-items").status(JobStatus.IN_PROGRESS)
                .file(new FileInfo("items.csv", "text/csv", 52311L, null, null, null, null, null, null))
                .idempotencyKey("upload-7f3a").counters(new Counters(1000L, 500, 498, 400, 98, 0, 0, 2))
                .lastProcessedChunkIndex(0)
                .errorReport(List.of(new LineError(17, Severity.ERROR, "sku", null, "sku is required", null)))
                .startedAt(created.plusSeconds(4)).createdAt(created).updatedAt(created.plusSeconds(4)).version(2)
                .build();
    }

    /** What {@code writer} writes, as a JSON value. */
    private static Object example(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = Json.generator(bytes)) {
            writer.accept(out);
        }
        return JSON.std.anyFrom(bytes.toString(StandardCharsets.UTF_8));
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private static Map<String, Object> ref(String schema) {
        return obj("$ref", SCHEMAS + schema);
    }

    /** An ordered JSON object from names and values; {@code null} values are left out. */
    static Map<String, Object> obj(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                object.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return object;
    }

    /** The version in the jar's manifest; {@code dev} when run from classes. */
}
