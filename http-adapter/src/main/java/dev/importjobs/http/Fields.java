package dev.importjobs.http;

import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.http.names.DidYouMean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON object strictly: each field has a type, absent and {@code null} both mean "not given",
 * every read marks a name as known, and {@link #rejectUnknown} reports the rest, with a suggestion when
 * a known name is one edit away. Type errors are collected (not thrown) so a client sees all at once.
 */
final class Fields {
    private final Map<String, Object> object;
    private final String path;
    private final List<FieldViolation> violations;
    private final Set<String> known = new LinkedHashSet<>();
    /** Names another style gives a known field, with the name this object uses: suggested when sent. */
    private final Map<String, String> aliases = new HashMap<>();

    Fields(Map<String, Object> object, String path, List<FieldViolation> violations) {
        this.object = object;
        this.path = path;
        this.violations = violations;
    }

    /** The root object of a body; violations are collected in a fresh list. */
    static Fields root(Map<String, Object> object) {
        return new Fields(object, "", new ArrayList<>());
    }

    String name(String field) {
        return path + field;
    }

    void add(String field, String message) {
        violations.add(new FieldViolation(name(field), message));
    }

    /** Throws a 400 naming every collected violation, if any. */
    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw HttpProblem.validation(violations);
        }
    }

    boolean has(String field) {
        known.add(field);
        return object.get(field) != null;
    }

    Object raw(String field) {
        known.add(field);
        return object.get(field);
    }

    String string(String field) {
        Object value = raw(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        add(field, "must be a string");
        return null;
    }

    String requiredString(String field) {
        if (!has(field)) {
            add(field, "is required");
            return null;
        }
        return string(field);
    }

    Long int64(String field) {
        Object value = raw(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        add(field, value instanceof BigInteger ? "must fit in a signed 64-bit integer" : "must be an integer");
        return null;
    }

    Integer int32(String field) {
        Long value = int64(field);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            add(field, "must be an integer up to " + Integer.MAX_VALUE);
            return null;
        }
        return value == null ? null : value.intValue();
    }

    /** A 32-bit integer given as a JSON number, or as text for the query-like fields of style A. */
    String integerText(String field) {
        Object value = raw(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        add(field, "must be an integer");
        return null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String field) {
        Object value = raw(field);
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        add(field, "must be an object");
        return null;
    }

    /** The nested object as fields of its own (names prefixed {@code field.}); {@code null} when absent. */
    Fields nested(String field) {
        Map<String, Object> value = object(field);
        return value == null ? null : new Fields(value, name(field) + ".", violations);
    }

    /** Each element of a list of objects as fields ({@code field[i].}); {@code null} when absent. */
    List<Fields> objects(String field) {
        Object value = raw(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            add(field, "must be an array");
            return null;
        }
        List<Fields> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> element) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) element;
                out.add(new Fields(map, name(field) + "[" + i + "].", violations));
            } else {
                add(field + "[" + i + "]", "must be an object");
            }
        }
        return out;
    }

    /** When {@code other} is sent, {@link #rejectUnknown} suggests {@code field}: the name here of what {@code other} means elsewhere. */
    void alias(String other, String field) {
        aliases.put(other, field);
    }

    /** Reports every field of the object that no read asked for. */
    void rejectUnknown() {
        for (String field : object.keySet()) {
            if (!known.contains(field)) {
                String suggestion = suggest(field);
                add(field, suggestion == null ? "is not a known field"
                        : "is not a known field; did you mean '" + suggestion + "'?");
            }
        }
    }

    private String suggest(String unknown) {
        String alias = aliases.get(unknown);
        return alias != null ? alias : suggestion(known, unknown);
    }

    /** The server's one "did you mean" rule ({@link DidYouMean}), for body fields and query parameters. */
    static String suggestion(Iterable<String> known, String unknown) {
        return DidYouMean.suggestion(known, unknown);
    }
}
