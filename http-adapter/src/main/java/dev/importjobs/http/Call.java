package dev.importjobs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One request in flight: the exchange, its id, the caller, how its style names fields, and whether
 * an answer has gone out. Handlers read the request and answer through it.
 */
final class Call {
    final HttpExchange exchange;
    final String requestId;
    final boolean styleA;
    final long maxBodyBytes;
    Principal principal = Principal.ANONYMOUS;
    /** Renames canonical field paths into this call's style, for error details. */
    UnaryOperator<String> rename = UnaryOperator.identity();
    int status;
    boolean responded;

    Call(HttpExchange exchange, String requestId, boolean styleA, long maxBodyBytes) {
        this.exchange = exchange;
        this.requestId = requestId;
        this.styleA = styleA;
        this.maxBodyBytes = maxBodyBytes;
    }

    String method() {
        return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * The body as a JSON object: the content type must be JSON, the size within the limit (checked
     * against Content-Length before reading, and while reading), the bytes UTF-8.
     */
    Map<String, Object> jsonBody() {
        String type = header("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new HttpProblem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        String length = header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw HttpProblem.malformed("Content-Length is not a number");
            }
        }
        return Json.parseObject(readBody());
    }

    private byte[] readBody() {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw HttpProblem.malformed("the body could not be read: " + e.getMessage());
        }
    }

    private HttpProblem tooLarge() {
        // The rest of the body stays unread; closing the connection spares reading it.
        return new HttpProblem(413, ErrorCode.BODY_TOO_LARGE, "the body is larger than the limit of "
                + maxBodyBytes + " bytes").header("Connection", "close");
    }

    /**
     * The query parameters, each given at most once and each one of {@code allowed}; anything else is a
     * 400 naming the parameter.
     */
    Map<String, String> query(Set<String> allowed) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        List<FieldViolation> problems = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!allowed.contains(name)) {
                    // Sorted: the allowed set has no order of its own, and one request gets one message.
                    List<String> known = allowed.stream().sorted().toList();
                    String suggestion = Fields.suggestion(known, name);
                    String hint = suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
                    problems.add(new FieldViolation(name,
                            "is not a known parameter" + hint + " (known: " + String.join(", ", known) + ")"));
                } else if (params.putIfAbsent(name, value) != null) {
                    problems.add(new FieldViolation(name, "must be given at most once"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw HttpProblem.validation(problems);
        }
        return params;
    }

    static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.validation(text, "is not valid percent-encoding");
        }
    }

    /** Answers with a JSON body. */
    void json(int status, Object body) {
        byte[] bytes = Json.write(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(status, bytes);
    }

    void send(int status, byte[] bytes) {
        try {
            // A HEAD answer has no body: the JDK server says so (and warns) if a length is announced.
            boolean head = method().equals("HEAD");
            start(status, head || bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!head) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // The client went away; there is no one left to answer.
        }
    }

    /** Sends the status line and headers; {@code length} 0 means a streamed (chunked) body follows. */
    void start(int status, long length) throws IOException {
        this.status = status;
        this.responded = true;
        exchange.sendResponseHeaders(status, length);
    }
}
