package dev.importjobs.core.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A job's {@code config} is opaque JSON: maps with string keys, lists, strings, numbers, booleans and
 * nulls. Core keeps it as plain Java values (so it needs no JSON library) and offers the little it needs
 * around them: a deep immutable copy that rejects anything else, a compact writer (for size limits,
 * fingerprints and storage) and a strict parser (to read stored text back).
 *
 * <p>Numbers are kept exactly (docs/api.md, "Numbers"): integers as Long or BigInteger, other numbers as
 * the BigDecimal of their text, so {@code 1E-400} or {@code 0.1000000000000000055511151231257827} come back
 * as they went in; a double from a Java caller becomes the BigDecimal of its shortest text. The canonical
 * form compares numbers by value, in the same text as before they were kept exactly.
 */
public final class JsonValues {
    /** The nesting a config may have; deeper documents are refused rather than risking the stack. */
    public static final int MAX_DEPTH = 64;

    private JsonValues() {
    }

    /** A deep, unmodifiable copy of a JSON object tree, in its given key order. */
    public static Map<String, Object> copyObject(Map<String, ?> object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(object, 0);
        return copy;
    }

    /** {@code depth} is the number of objects and arrays around {@code value}. */
    private static Object copy(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return decimal(finite(((Number) value).doubleValue()));
        }
        if ((value instanceof Map || value instanceof List) && depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings");
                }
                out.put(key, copy(entry.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(copy(item, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    /**
     * A double as the exact value of its shortest text, which is what JSON shows of it, so a tree holds one
     * type for one value; negative zero stays a double, as a BigDecimal has no sign for zero.
     */
    private static Object decimal(double d) {
        return d == 0 && 1 / d < 0 ? (Object) d : new BigDecimal(Double.toString(d));
    }

    private static double finite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        return d;
    }

    /** Compact JSON in the tree's own key order. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, false);
        return out.toString();
    }

    /** Compact JSON with object keys sorted: equal trees give equal text, whatever their key order. */
    public static String writeCanonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, true);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, boolean sortKeys) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Double || value instanceof Float) {
            finite(((Number) value).doubleValue());
            out.append(value);
        } else if (value instanceof BigDecimal decimal && sortKeys) {
            out.append(canonical(decimal));
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("JSON object keys must be strings");
                }
            }
            Map<?, ?> ordered = sortKeys ? new TreeMap<>(map) : map;
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ordered.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote((String) entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out, sortKeys);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out, sortKeys);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * A decimal's text in canonical JSON: the double's text when that is exactly the same value (as every
     * such number was written before numbers were kept exactly, so fingerprints made then still match),
     * else the exact value without trailing zeros. Equal values give equal text, whatever their scale.
     */
    private static String canonical(BigDecimal decimal) {
        double approximation = decimal.doubleValue();
        if (!Double.isInfinite(approximation)) {
            String text = Double.toString(approximation);
            if (new BigDecimal(text).compareTo(decimal) == 0) {
                return text;
            }
        }
        return decimal.stripTrailingZeros().toString();
    }

    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Parses text this class wrote (or any strict JSON) back into an immutable tree. */
    public static Object parse(String text) {
        Parser parser = new Parser(text);
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.at != text.length()) {
            throw parser.error("trailing characters");
        }
        return copy(value, 0);
    }

    /** Parses a JSON object. */
    public static Map<String, Object> parseObject(String text) {
        if (!(parse(text) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    private static final class Parser {
        /** RFC 8259's number: no sign but minus, no leading zeros, digits on both sides of the point. */
        private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
        private static final Pattern HEX4 = Pattern.compile("[0-9A-Fa-f]{4}");

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        /** {@code depth} is the number of objects and arrays around the value. */
        Object value(int depth) {
            skipWhitespace();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private void enter(int depth) {
            if (depth >= MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            at++;
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> out = new LinkedHashMap<>();
            enter(depth);
            skipWhitespace();
            if (peek() == '}') {
                at++;
                return out;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a key");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                out.put(key, value(depth + 1));
                skipWhitespace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return out;
                }
            }
        }

        private List<Object> array(int depth) {
            List<Object> out = new ArrayList<>();
            enter(depth);
            skipWhitespace();
            if (peek() == ']') {
                at++;
                return out;
            }
            while (true) {
                out.add(value(depth + 1));
                skipWhitespace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return out;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    at--;
                    throw error("unescaped control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    break;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length() || !HEX4.matcher(text.substring(at, at + 4)).matches()) {
                            throw error("bad unicode escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
            throw error("unterminated string");
        }

        private Object number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String literal = text.substring(start, at);
            if (literal.isEmpty()) {
                throw error("unexpected character");
            }
            if (!NUMBER.matcher(literal).matches()) {
                at = start;
                throw error("bad number");
            }
            if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
                BigInteger integer = new BigInteger(literal);
                return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
            }
            BigDecimal number;
            try {
                number = new BigDecimal(literal);
            } catch (NumberFormatException e) {
                at = start;
                throw error("number out of range");
            }
            return number.signum() == 0 && literal.startsWith("-") ? (Object) (-0.0) : number;
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("unexpected character");
            }
            at += word.length();
            return value;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        void skipWhitespace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at position " + at + ": " + what);
        }
    }
}
