package dev.importjobs.http;

import com.sun.net.httpserver.Headers;
import dev.importjobs.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard (docs/dashboard.md): a fixed set of static files from this module's resources, served
 * under {@code /dashboard/} without auth (the data comes from the API, with the caller's token), and
 * {@code /} sent there. Only the listed files exist: a path is looked up by its exact text and never
 * touches a file system, so no spelling of {@code ..} can reach anything else.
 */
final class DashboardAssets {
    static final String HOME = "/dashboard/";
    /**
     * Scripts, styles and fetches from this server only, nothing inline, no frames, no forms: what a
     * page showing other people's file names and error messages needs to stay inert.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String INDEX = "index.html";
    static final List<String> FILES = List.of(INDEX, "dashboard.css", "icon.svg", "app.js", "api.js", "actions.js",
            "dom.js", "format.js", "live.js", "jobs.js", "job.js");
    private static final String RESOURCES = "dashboard/";
    /** The content type of each kind of file, by its extension. */
    static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** Reads every file once; a missing one is a packaging error, reported at start rather than per request. */
    DashboardAssets() {
        for (String name : FILES) {
            String type = CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null || type == null) {
                    throw new IllegalStateException("dashboard file missing or of unknown type: " + name);
                }
                assets.put(name, new Asset(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard file " + name, e);
            }
        }
    }

    /** Whether the path is the dashboard's (or {@code /}, which leads there). */
    static boolean owns(String path) {
        return path.equals("/") || path.equals("/dashboard") || path.startsWith(HOME);
    }

    /** The headers every answer under the dashboard carries, its errors included. */
    static void secure(Headers headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
    }

    /** {@code /} and {@code /dashboard} lead to {@link #HOME}, keeping the query ({@code ?org=…}). */
    void redirect(Call call) {
        // The page's relative links need the trailing slash; its query survives the detour.
        String query = call.exchange.getRequestURI().getRawQuery();
        call.exchange.getResponseHeaders().set("Location", query == null ? HOME : HOME + "?" + query);
        call.bytes(call.exchange.getRequestURI().getRawPath().equals("/") ? 302 : 308, null, new byte[0]);
    }

    /**
     * One of the listed files, named exactly as listed (the raw path, so no escape spells a name twice);
     * {@link #HOME} itself is the page.
     */
    void file(Call call) {
        String name = call.exchange.getRequestURI().getRawPath().substring(HOME.length());
        Asset asset = assets.get(name.isEmpty() ? INDEX : name);
        if (asset == null) {
            throw new HttpProblem(ErrorCode.ROUTE_NOT_FOUND, "Route not found");
        }
        call.bytes(200, asset.contentType, asset.bytes);
    }

    private record Asset(String contentType, byte[] bytes) {
    }
}
