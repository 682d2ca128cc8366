package dev.importjobs.http;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
                value = value(parser, parser.nextToken());
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
     * The value that begins with {@code token}, as plain Java: maps in key order, lists, strings, booleans,
     * {@code null}, integers as Integer, Long or BigInteger and other numbers as their exact BigDecimal
     * (docs/api.md, "Numbers"). Keys and strings must be Unicode text.
     */
    private static Object value(JsonParser parser, JsonToken token) {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String key = unicode(parser, parser.currentName());
                    object.put(key, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return unicode(parser, parser.getString());
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return decimal(parser);
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw HttpProblem.malformed("invalid JSON at " + where(parser.currentTokenLocation())
                    + ": unexpected " + token);
        }
    }

    /** The number's exact value; a negative zero, which a BigDecimal cannot hold, stays the double -0.0. */
    private static Object decimal(JsonParser parser) {
        BigDecimal decimal;
        try {
            decimal = parser.getDecimalValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw HttpProblem.malformed("invalid JSON at " + where(parser.currentTokenLocation())
                    + ": the number's exponent is out of range");
        }
        return decimal.signum() == 0 && parser.getString().startsWith("-") ? (Object) (-0.0) : decimal;
    }

    /**
     * {@code text} when it is Unicode; a lone surrogate (an escaped D800..DFFF without its pair)
     * could not be stored or written as UTF-8, so it is a 400 naming where its string begins.
     */
    private static String unicode(JsonParser parser, String text) {
        int at = loneSurrogate(text);
        if (at >= 0) {
            throw HttpProblem.malformed("invalid JSON at " + where(parser.currentTokenLocation())
                    + ": a lone surrogate \\u" + Integer.toHexString(text.charAt(at))
                    + " at character " + (at + 1) + " of the string; text must be Unicode");
        }
        return text;
    }

    /** The index of the first surrogate that is not half of a pair, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A generator writing to {@code out}; plain values such as a job's config are written by jackson-jr,
     * with {@code null} members kept.
     */
    static JsonGenerator generator(OutputStream out) {
        return FACTORY.createGenerator(JSON_IO, out);
    }

    /**
     * Writes a JSON value as core keeps one (a job's config: maps in key order, lists, strings, numbers,
     * booleans, {@code null}) with the generator calls jackson-jr makes for it, {@code null} members kept, so
     * the text is the same; anything else goes to jackson-jr. Done here because jackson-jr sets up a writer
     * for every value it is given, and a page of 50 jobs gives it 50 configs.
     */
    static void writeValue(JsonGenerator out, Object value) {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Map<?, ?> object) {
            out.writeStartObject(object, object.size());
            for (Map.Entry<?, ?> member : object.entrySet()) {
                out.writeName(String.valueOf(member.getKey()));
                writeValue(out, member.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> array) {
            out.writeStartArray(array, array.size());
            for (Object element : array) {
                writeValue(out, element);
            }
            out.writeEndArray();
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Long number) {
            out.writeNumber(number);
        } else if (value instanceof Integer number) {
            out.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            out.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            out.writeNumber(number);
        } else if (value instanceof Double number) {
            out.writeNumber(number);
        } else {
            out.writePOJO(value);
        }
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
