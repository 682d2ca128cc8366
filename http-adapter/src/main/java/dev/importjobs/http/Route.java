package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the route table ({@link RootHandler#routes}): a method on a path template, the style that
 * answers, what the caller must be, the query parameters it reads, the handler, and for the OpenAPI document
 * ({@link OpenApi}) what it reads from the body, what it answers and the error codes of its own. The codes
 * that follow from the rest (a token, a permission, a body, a path or query to read, a failing store) are
 * the document's to add, so each is declared once.
 *
 * @param template      the path, {@code {name}} standing for one decoded segment
 * @param authenticated whether the token headers are read (docs/server.md#auth)
 * @param permission    the permission the caller needs on the path's {@code {organizationId}}, or
 *                      {@code null} when the handler decides (style A learns the organization from the body)
 * @param query         the query parameters allowed, any other being a 400; {@code null} when the query is
 *                      not read at all
 * @param failures      the error codes the handler itself may answer (a job not found, a conflict)
 */
record Route(String method, String template, Style style, boolean authenticated, Permission permission,
        List<Parameter> query, Handler handler, Pattern pattern, Body body, Answer answer, Set<ErrorCode> failures) {

    static final String ORGANIZATION = "organizationId";
    static final String JOB = "id";
    /** Style B's collection; every style B route is under it and may end with a slash. */
    static final String JOBS = "/v1/organizations/{" + ORGANIZATION + "}/bulk-tasks";

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    /** Answers a request; the route's checks have passed. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call);
    }

    /** A route anyone may call, its query unread. */
    static Route open(String method, String template, Handler handler) {
        return new Route(method, template, Style.B, false, null, null, handler, compile(template, false), Body.NONE,
                null, Set.of());
    }

    /** Style A's one route: the caller is authenticated here, its rights checked per call. */
    static Route rpc(String template, Handler handler) {
        return new Route("POST", template, Style.A, true, null, null, handler, compile(template, false), Body.RPC,
                Answer.RPC, Set.of());
    }

    /** A style B route under {@link #JOBS}: the caller needs {@code permission} on the path's organization. */
    static Route rest(String method, String suffix, Permission permission, List<Parameter> query, Handler handler) {
        String template = JOBS + suffix;
        return new Route(method, template, Style.B, true, permission, List.copyOf(query), handler,
                compile(template, true), Body.NONE, null, Set.of());
    }

    /**
     * A style B route on one organization that needs no particular permission, only access to the
     * organization (which the handler checks): what the caller may do there, say.
     */
    static Route organization(String method, String template, Handler handler) {
        return new Route(method, template, Style.B, true, null, List.of(), handler, compile(template, true), Body.NONE,
                null, Set.of());
    }

    /** This route, reading {@code read} from the body. */
    Route reads(Body read) {
        return new Route(method, template, style, authenticated, permission, query, handler, pattern, read, answer,
                failures);
    }

    /** This route, answering {@code success} when it succeeds, or one of {@code codes} when it fails. */
    Route answers(Answer success, ErrorCode... codes) {
        return new Route(method, template, style, authenticated, permission, query, handler, pattern, body, success,
                Set.of(codes));
    }

    /** The names of the template's parameters, in order. */
    List<String> parameters() {
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** A parameter matches one segment as sent (still percent-encoded); literals match themselves. */
    private static Pattern compile(String template, boolean trailingSlash) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = PARAMETER.matcher(template);
        int at = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(template.substring(at, matcher.start()))).append("([^/]+)");
            at = matcher.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex + (trailingSlash ? "/?" : ""));
    }
}
