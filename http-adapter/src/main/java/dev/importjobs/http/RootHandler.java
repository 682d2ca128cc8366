package dev.importjobs.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.spi.JobStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one handler of the server: gives every request an id and the common headers, routes it through the
 * route table (the JDK's contexts match by prefix, which would misroute {@code /bulk-tasks/123}), checks
 * in the order of docs/design.md ("HTTP decisions"): route and method, token, rights, then the handler
 * reads the body; and turns every failure into its style's envelope in one place. Nothing a client sends
 * produces a 500.
 */
final class RootHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger("dev.importjobs.http");
    /** {@code GET /healthz}: {@code {"status":"ok"}}, or {@code "unavailable"} with 503. */
    static final String HEALTH_STATUS = "status";
    static final String HEALTHY = "ok";
    static final String UNHEALTHY = "unavailable";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final JobStore store;
    private final Authenticator authenticator;
    private final long maxBodyBytes;
    private final RpcApi rpc;
    private final Router router;
    private final DashboardAssets dashboard = new DashboardAssets();
    /** The OpenAPI document, made once from the tables this server routes and answers with. */
    private final byte[] openApi;

    RootHandler(ImportJobs jobs, JobStore store, Authenticator authenticator, long maxBodyBytes, EventStreams events) {
        this.store = store;
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
        this.rpc = new RpcApi(jobs);
        this.router = new Router(routes(rpc, new RestApi(jobs), events));
        this.openApi = OpenApi.document(router.routes(), rpc.apis(), authenticator.mode());
    }

    /**
     * The route table. A template's first line fixes its place: a literal segment must come before a
     * {@code {parameter}} it would otherwise match.
     */
    private List<Route> routes(RpcApi rpc, RestApi rest, EventStreams events) {
        return List.of(
                Route.open("GET", "/healthz", this::health).answers(Answer.HEALTH),
                Route.open("HEAD", "/healthz", this::health).answers(Answer.HEALTH),
                Route.open("GET", OpenApi.PATH, this::openApi).answers(Answer.DOCUMENT),
                Route.open("GET", "/", dashboard::redirect).answers(Answer.FOUND),
                Route.open("HEAD", "/", dashboard::redirect).answers(Answer.FOUND),
                Route.open("GET", "/dashboard", dashboard::redirect).answers(Answer.PERMANENT_REDIRECT),
                Route.open("HEAD", "/dashboard", dashboard::redirect).answers(Answer.PERMANENT_REDIRECT),
                Route.open("GET", DashboardAssets.HOME, dashboard::file).answers(Answer.ASSET),
                Route.open("HEAD", DashboardAssets.HOME, dashboard::file).answers(Answer.ASSET),
                Route.open("GET", DashboardAssets.HOME + "{file}", dashboard::file)
                        .answers(Answer.ASSET, ErrorCode.ROUTE_NOT_FOUND),
                Route.open("HEAD", DashboardAssets.HOME + "{file}", dashboard::file)
                        .answers(Answer.ASSET, ErrorCode.ROUTE_NOT_FOUND),
                Route.rpc("/api", rpc::handle),
                Route.organization("GET", "/v1/organizations/{" + Route.ORGANIZATION + "}/access", rest::access)
                        .answers(Answer.ACCESS),
                Route.rest("GET", "", Permission.LIST, Parameter.LIST_JOBS, rest::list).answers(Answer.PAGE_OF_JOBS),
                Route.rest("POST", "", Permission.CREATE, List.of(), rest::create).reads(Body.CREATE)
                        .answers(Answer.CREATED_JOB, ErrorCode.IDEMPOTENCY_CONFLICT),
                Route.rest("GET", "/events", Permission.LIST, List.of(), events::organization)
                        .answers(Answer.EVENTS, ErrorCode.TOO_MANY_STREAMS),
                Route.rest("GET", "/{id}", Permission.READ, List.of(), rest::get)
                        .answers(Answer.JOB, ErrorCode.JOB_NOT_FOUND),
                Route.rest("PATCH", "/{id}", Permission.UPDATE, List.of(), rest::patch).reads(Body.PATCH)
                        .answers(Answer.JOB, RpcApi.UPDATE_FAILURES),
                Route.rest("DELETE", "/{id}", Permission.DELETE, List.of(), rest::delete)
                        .answers(Answer.DELETED, ErrorCode.JOB_NOT_FOUND),
                Route.rest("POST", "/{id}/chunks", Permission.UPDATE, List.of(), rest::chunk).reads(Body.CHUNK)
                        .answers(Answer.CHUNK, RpcApi.CHUNK_FAILURES),
                Route.rest("GET", "/{id}/errors", Permission.READ, Parameter.LIST_ERRORS, rest::errors)
                        .answers(Answer.PAGE_OF_LINES, ErrorCode.JOB_NOT_FOUND),
                Route.rest("GET", "/{id}/errors.csv", Permission.READ, Parameter.EXPORT_ERRORS, rest::errorsCsv)
                        .answers(Answer.CSV, ErrorCode.JOB_NOT_FOUND),
                Route.rest("GET", "/{id}/events", Permission.READ, List.of(), events::job)
                        .answers(Answer.JOB_EVENTS, ErrorCode.JOB_NOT_FOUND, ErrorCode.TOO_MANY_STREAMS));
    }

    /** Every route, in table order. */
    List<Route> routes() {
        return router.routes();
    }

    /** Style A's apiNames, in order. */
    List<RpcApi.Api> apis() {
        return rpc.apis();
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String given = exchange.getRequestHeaders().getFirst("X-Request-Id");
        String requestId = given != null && SANE_REQUEST_ID.matcher(given).matches() ? given : newRequestId();
        String path = exchange.getRequestURI().getRawPath();
        Call call = new Call(exchange, requestId, maxBodyBytes);
        var headers = exchange.getResponseHeaders();
        headers.set("X-Request-Id", requestId);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (DashboardAssets.owns(path)) {
            // Before routing, so that its 404s and 405s carry them too.
            DashboardAssets.secure(headers);
        }
        boolean answered = true;
        try {
            route(call, path);
        } catch (HttpProblem problem) {
            answered = fail(call, problem);
        } catch (ImportJobsException e) {
            answered = fail(call, HttpProblem.from(e, call.rename));
        } catch (StoreException e) {
            // Not a bug but a condition of the store (a lock held elsewhere, a full disk): one line with its
            // causes tells an operator what to fix, where a stack trace per request would flood the log.
            LOG.log(System.Logger.Level.ERROR, "request " + requestId + " " + exchange.getRequestMethod() + " "
                    + path + ": " + causes(e));
            answered = fail(call, HttpProblem.unavailable());
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "request " + requestId + " " + exchange.getRequestMethod() + " "
                    + path + " failed", e);
            answered = fail(call, new HttpProblem(ErrorCode.INTERNAL, "Internal error"));
        } finally {
            // The query holds listing parameters and cursors, never a secret: tokens travel in headers only
            // (docs/server.md#auth), and no header is logged. Logged before the exchange closes, so the line
            // is out before the client has its answer (and perhaps stops the server).
            String query = exchange.getRequestURI().getRawQuery();
            LOG.log(System.Logger.Level.DEBUG, () -> String.format("%s %s %s%s %d %.1fms", requestId,
                    exchange.getRequestMethod(), path, query == null ? "" : "?" + query, call.status,
                    (System.nanoTime() - started) / 1e6));
            if (answered && !call.detached) {
                exchange.close();
            }
        }
        if (!answered) {
            // Closing the exchange would end a streamed body as if it were whole; failing here makes the JDK
            // server drop the connection instead, so the client sees the answer is incomplete.
            throw new IllegalStateException("request " + requestId + " failed after its answer began");
        }
    }

    private void route(Call call, String path) {
        Router.Resource resource = router.match(path);
        if (resource == null) {
            throw new HttpProblem(ErrorCode.ROUTE_NOT_FOUND, "Route not found");
        }
        call.style = resource.style();
        call.rename = call.style.view()::rename;
        Route route = resource.route(call.method());
        if (route == null) {
            throw new HttpProblem(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed").header("Allow", resource.allow());
        }
        call.params = resource.params();
        if (route.authenticated()) {
            call.principal = authenticator.authenticate(call.exchange.getRequestHeaders());
        }
        if (route.permission() != null) {
            call.principal.require(call.param(Route.ORGANIZATION), route.permission());
        }
        if (route.query() != null) {
            call.query = Call.query(call.exchange.getRequestURI().getRawQuery(), route.query());
        }
        route.handler().handle(call);
    }

    private void health(Call call) {
        boolean up;
        try {
            store.ping();
            up = true;
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + call.requestId + " health check failed: " + causes(e));
            up = false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + call.requestId + " health check failed", e);
            up = false;
        }
        if (!up) {
            call.exchange.getResponseHeaders().set("Retry-After", Integer.toString(HttpProblem.RETRY_AFTER_SECONDS));
        }
        String status = up ? HEALTHY : UNHEALTHY;
        call.json(up ? 200 : 503, out -> {
            out.writeStartObject();
            out.writeStringProperty(HEALTH_STATUS, status);
            out.writeEndObject();
        });
    }

    private void openApi(Call call) {
        call.bytes(200, OpenApi.CONTENT_TYPE, openApi);
    }

    /**
     * A random (version 4) UUID from the thread's own generator. An id only tells requests apart in logs, so
     * it need not be unguessable, and {@code UUID.randomUUID} would have every request take the lock of one
     * shared SecureRandom.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~0xC000_0000_0000_0000L | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** The messages of a failure and its causes, on one line. */
    private static String causes(Throwable failure) {
        StringBuilder line = new StringBuilder(String.valueOf(failure.getMessage()));
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            line.append(": ").append(cause.getMessage());
        }
        return line.toString();
    }

    /** Answers with the problem; {@code false} when an answer had already begun and cannot be replaced. */
    private static boolean fail(Call call, HttpProblem problem) {
        int status = HttpProblem.statusOf(problem.code, call.style);
        if (status >= 500) {
            LOG.log(System.Logger.Level.ERROR, "request " + call.requestId + " answered " + status);
        }
        if (call.responded) {
            return false;
        }
        problem.headers.forEach(call.exchange.getResponseHeaders()::set);
        call.json(status, Envelope.error(call.style, problem));
        return true;
    }
}
