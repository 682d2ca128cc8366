package dev.importjobs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;

/**
 * One request in flight: the exchange, its id, its style, the caller, what its path and query say, how its
 * style names fields, and whether an answer has gone out. Handlers read the request and answer through it.
 */
final class Call {
    final HttpExchange exchange;
    final String requestId;
    final long maxBodyBytes;
    /** The style of the route; every path no route serves is answered in style B. */
    Style style = Style.B;
    Principal principal = Principal.ANONYMOUS;
    /** The path's parameters by the names of the route's template, decoded. */
    Map<String, String> params = Map.of();
    /** The query's parameters, as the route allows them. */
    Map<Parameter, String> query = Map.of();
    /** Renames canonical field paths into this call's style, for error details. */
    UnaryOperator<String> rename = Style.B.view()::rename;
    int status;
    boolean responded;
    /** The answer goes on after the handler returns (an event stream): the root handler leaves it open. */
    boolean detached;

    Call(HttpExchange exchange, String requestId, long maxBodyBytes) {
        this.exchange = exchange;
        this.requestId = requestId;
        this.maxBodyBytes = maxBodyBytes;
    }

    String param(String name) {
        return params.get(name);
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
            throw new HttpProblem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
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
        return new HttpProblem(ErrorCode.BODY_TOO_LARGE, "the body is larger than the limit of "
                + maxBodyBytes + " bytes").header("Connection", "close");
    }

    /**
     * The query parameters, each given at most once and each one of {@code allowed}; anything else is a
     * 400 naming the parameter.
     */
    static Map<Parameter, String> query(String raw, List<Parameter> allowed) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        allowed.forEach(parameter -> byName.put(parameter.canonicalName, parameter));
        Map<Parameter, String> params = new EnumMap<>(Parameter.class);
        List<FieldViolation> problems = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a query parameter's name");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "query parameter '" + name + "'");
                Parameter parameter = byName.get(name);
                if (parameter == null) {
                    // Sorted: one request gets one message whatever order the route lists them in.
                    List<String> known = byName.keySet().stream().sorted().toList();
                    String suggestion = Fields.suggestion(known, name);
                    String hint = suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
                    problems.add(new FieldViolation(name,
                            "is not a known parameter" + hint + " (known: " + String.join(", ", known) + ")"));
                } else if (params.putIfAbsent(parameter, value) != null) {
                    problems.add(new FieldViolation(name, "must be given at most once"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw HttpProblem.validation(problems);
        }
        return params;
    }

    /**
     * Percent-decodes a path segment or query part ({@code +} is a space, as in a form). The bytes must be
     * UTF-8 text: a broken sequence or an encoded surrogate is a 400 (1001) naming {@code where} and the
     * character it starts at, never replaced with U+FFFD and passed on.
     */
    static String decode(String text, String where) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c == '+' ? ' ' : c);
                i++;
                continue;
            }
            int start = i;
            byte[] bytes = new byte[(text.length() - i) / 3 + 1];
            int count = 0;
            for (; i < text.length() && text.charAt(i) == '%'; i += 3) {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw HttpProblem.validation(text, "is not valid percent-encoding");
                }
                bytes[count++] = (byte) (high << 4 | low);
            }
            ByteBuffer run = ByteBuffer.wrap(bytes, 0, count);
            try {
                out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(run));
            } catch (CharacterCodingException e) {
                int at = start + 3 * run.position();
                throw HttpProblem.malformed(where + " is not UTF-8 text: the bytes from character " + (at + 1)
                        + " (" + text.substring(at, Math.min(i, at + 12)) + "…) are a broken sequence or a surrogate");
            }
        }
        return out.toString();
    }

    /** Answers with {@code bytes} of the given content type, as they are (a HEAD answer sends no body). */
    void bytes(int status, String contentType, byte[] bytes) {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        try (ResponseBody out = new ResponseBody(this, status)) {
            out.write(bytes);
        } catch (IOException e) {
            // The client went away; there is no one left to answer.
        }
    }

    /** Answers with this style's success envelope around {@code data}. */
    void ok(int status, JsonBody data) {
        json(status, Envelope.ok(style, data));
    }

    /**
     * Answers with a JSON body, written as it is generated (see {@link ResponseBody}). A failure before any
     * of it went out leaves the exchange unanswered, for the error's own answer.
     */
    void json(int status, JsonBody body) {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ResponseBody stream = new ResponseBody(this, status);
        JsonGenerator out = Json.generator(stream);
        try {
            body.writeTo(out);
            out.close();
        } catch (JacksonIOException e) {
            // The client went away; there is no one left to answer.
            stream.abandon();
        } catch (RuntimeException | Error e) {
            stream.abandon();
            throw e;
        }
    }

    /** Sends the status line and headers; {@code length} 0 means a streamed (chunked) body follows. */
    void start(int status, long length) throws IOException {
        this.status = status;
        this.responded = true;
        exchange.sendResponseHeaders(status, length);
    }
}
