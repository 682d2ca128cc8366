package dev.importjobs.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.service.ImportJobs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one handler of the server: gives every request an id and the common headers, routes it (the
 * JDK's contexts match by prefix, which would misroute {@code /bulk-tasks/123}), and turns every failure
 * into the contract's envelope in one place. Nothing a client sends produces a 500.
 */
final class RootHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger("dev.importjobs.http");
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final JobStore store;
    private final Authenticator authenticator;
    private final long maxBodyBytes;
    private final RpcApi rpc;
    private final RestApi rest;
    private final DashboardAssets dashboard = new DashboardAssets();

    RootHandler(ImportJobs jobs, JobStore store, Authenticator authenticator, long maxBodyBytes) {
        this.store = store;
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
        this.rpc = new RpcApi(jobs);
        this.rest = new RestApi(jobs);
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String given = exchange.getRequestHeaders().getFirst("X-Request-Id");
        String requestId = given != null && SANE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        String path = exchange.getRequestURI().getRawPath();
        Call call = new Call(exchange, requestId, path.equals("/api"), maxBodyBytes);
        var headers = exchange.getResponseHeaders();
        headers.set("X-Request-Id", requestId);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        try {
            route(call, path);
        } catch (HttpProblem problem) {
            fail(call, problem);
        } catch (ImportJobsException e) {
            fail(call, HttpProblem.from(e, call.rename));
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "request " + requestId + " " + exchange.getRequestMethod() + " "
                    + path + " failed", e);
            fail(call, new HttpProblem(500, ErrorCode.INTERNAL, "Internal error"));
        } finally {
            exchange.close();
            LOG.log(System.Logger.Level.DEBUG, () -> String.format("%s %s %s %d %.1fms", requestId,
                    exchange.getRequestMethod(), path, call.status, (System.nanoTime() - started) / 1e6));
        }
    }

    private void route(Call call, String path) {
        if (path.equals("/healthz")) {
            allow(call, "GET");
            health(call);
        } else if (call.styleA) {
            allow(call, "POST");
            call.principal = authenticator.authenticate(call.exchange.getRequestHeaders());
            rpc.handle(call);
        } else if (path.startsWith("/v1/")) {
            rest.handle(call, path, authenticator);
        } else if (DashboardAssets.owns(path)) {
            // The dashboard's static files; they need no token, the API calls they make do.
            dashboard.handle(call, path);
        } else {
            throw new HttpProblem(404, ErrorCode.ROUTE_NOT_FOUND, "Route not found");
        }
    }

    /** Throws a 405 with {@code Allow} unless the method is one of {@code methods}. */
    static void allow(Call call, String... methods) {
        for (String method : methods) {
            if (method.equals(call.method())) {
                return;
            }
        }
        throw new HttpProblem(405, ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed")
                .header("Allow", String.join(", ", methods));
    }

    private void health(Call call) {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            store.ping();
            body.put("status", "ok");
            call.json(200, body);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + call.requestId + " health check failed", e);
            body.put("status", "unavailable");
            call.json(503, body);
        }
    }

    private static void fail(Call call, HttpProblem problem) {
        if (problem.status >= 500) {
            LOG.log(System.Logger.Level.ERROR, "request " + call.requestId + " answered " + problem.status);
        }
        if (call.responded) {
            // Headers are out (a streamed download failed midway): all that is left is to cut it short.
            return;
        }
        problem.headers.forEach(call.exchange.getResponseHeaders()::set);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", problem.code.code());
        error.put("message", problem.getMessage());
        if (!problem.details.isEmpty()) {
            List<Map<String, Object>> details = problem.details.stream().map(RootHandler::detail).toList();
            error.put("details", details);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", call.styleA ? "error" : false);
        body.put("error", error);
        call.json(problem.status, body);
    }

    private static Map<String, Object> detail(FieldViolation violation) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("field", violation.field());
        detail.put("message", violation.message());
        return detail;
    }
}
