package dev.importjobs.http;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line errors in their canonical shape, {@code {line, severity, column?, code?, message, value?}}: style
 * A's {@code errorReport}, both styles' chunk {@code errors}, and every line-error listing.
 */
final class LineErrorView {
    private LineErrorView() {
    }

    static Map<String, Object> of(LineError line) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("line", line.line());
        view.put("severity", line.severity().wireName());
        putIfPresent(view, "column", line.column());
        putIfPresent(view, "code", line.code());
        view.put("message", line.message());
        putIfPresent(view, "value", line.value());
        return view;
    }

    /** Reads a list of canonical line errors; type problems are collected in the elements' fields. */
    static List<LineError> read(List<Fields> elements) {
        List<LineError> lines = new ArrayList<>();
        for (Fields element : elements) {
            lines.add(readOne(element, severity(element, "severity"), "message", null));
        }
        return lines;
    }

    /**
     * One line error of a known severity, its text in {@code messageField} ({@code message}, or style B's
     * {@code reason}), {@code defaultMessage} standing in when the text is absent.
     */
    static LineError readOne(Fields element, Severity severity, String messageField, String defaultMessage) {
        Long line = element.int64("line");
        if (!element.has("line")) {
            element.add("line", "is required");
        }
        String column = element.string("column");
        String code = element.string("code");
        String message = element.string(messageField);
        String value = element.string("value");
        element.rejectUnknown();
        return new LineError(line == null ? 0 : line, severity, column, code,
                message == null ? defaultMessage : message, value);
    }

    static Severity severity(Fields element, String field) {
        String text = element.string(field);
        if (text == null) {
            return Severity.ERROR;
        }
        try {
            return Severity.parse(field, text);
        } catch (ImportJobsException e) {
            element.add(field, e.details().get(0).message());
            return Severity.ERROR;
        }
    }

    static void putIfPresent(Map<String, Object> view, String name, Object value) {
        if (value != null) {
            view.put(name, value);
        }
    }
}
