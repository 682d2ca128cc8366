package dev.importjobs.http;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.jr.ob.JSON;

/**
 * Request and response JSON. Requests strictly: UTF-8 only, one object per body, no duplicate keys, bounded
 * nesting and number length; failures are 400 (code 1001) naming the position (docs/model.md#errors).
 * Responses are written token by token to the exchange, never built whole.
 */
final class Json {
    /** Deep enough for a body holding a config nested to core's own limit. */
    static final int MAX_NESTING = 80;
    static final int MAX_NUMBER_LENGTH = 100;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING).maxNumberLength(MAX_NUMBER_LENGTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** How Jackson names the setting behind a limit, e.g. {@code , from `StreamReadConstraints.getMaxNestingDepth()`}. */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]*`");
    private static final JSON JSON_IO = JSON.builder(FACTORY).enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    private Json() {
    }

    /** The body as a JSON object; any other body is a 400 (1001) saying where it went wrong. */
    static Map<String, Object> parseObject(byte[] body) {
        String text = utf8(body);
        if (text.isBlank()) {
            throw HttpProblem.malformed("the body is empty: send a JSON object");
        }
        Object value;
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            try {
                value = JSON_IO.anyFrom(parser);
                if (parser.nextToken() != null) {
                    throw HttpProblem.malformed("invalid JSON at " + where(parser.currentLocation())
                            + ": more content after the object");
                }
            } catch (JacksonException e) {
                // Limit violations (nesting depth, number length) carry no location of their own: the
                // parser's position is where the limit was crossed.
                TokenStreamLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw HttpProblem.malformed("invalid JSON at " + where(location) + ": " + reason(e));
            }
        } catch (JacksonException e) {
            throw HttpProblem.malformed("invalid JSON: " + reason(e));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw HttpProblem.malformed("the body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    /**
     * A generator writing to {@code out}; plain values such as a job's config are written by jackson-jr,
     * with {@code null} members kept.
     */
    static JsonGenerator generator(OutputStream out) {
        return FACTORY.createGenerator(JSON_IO, out);
    }

    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.malformed("the body is not valid UTF-8 (at byte " + bytes.position() + ")");
        }
    }

    /** The parser's first line of explanation, without its pointer to the Jackson setting that applies. */
    private static String reason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "not valid JSON"
                : e.getOriginalMessage().lines().findFirst().orElse("not valid JSON");
        return LIMIT_SOURCE.matcher(message).replaceAll("");
    }

    private static String where(TokenStreamLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
