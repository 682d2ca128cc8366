package dev.importjobs.http;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * How a line error (docs/model.md#line-errors) is written and read, as a table of its parts: the canonical
 * shape {@code {line, severity, column?, code?, message, value?}} (style A's {@code errorReport}, both
 * styles' chunk {@code errors} and line-error listings), and style B's report lines
 * {@code {line, reason, column?, code?, value?}}, whose severity is the list they are in.
 */
final class LineShape {
    /** A part of a line error, with the limits core enforces on it. */
    enum Part {
        LINE(LineError::line, null, true),
        SEVERITY(line -> line.severity().wireName(), null, true),
        COLUMN(LineError::column, LineError.MAX_COLUMN, false),
        CODE(LineError::code, LineError.MAX_CODE, false),
        MESSAGE(LineError::message, LineError.MAX_MESSAGE, true),
        VALUE(LineError::value, LineError.MAX_VALUE, false);

        private final Function<LineError, Object> value;
        /** The longest text core accepts, in characters, or {@code null}. */
        final Integer maxLength;
        /** Whether a written line always has it ({@code column}, {@code code}, {@code value} only when set). */
        final boolean alwaysWritten;

        Part(Function<LineError, Object> value, Integer maxLength, boolean alwaysWritten) {
            this.value = value;
            this.maxLength = maxLength;
            this.alwaysWritten = alwaysWritten;
        }
    }

    /** One member of a shape: its name in JSON (also encoded once, as written) and the part it holds. */
    record Member(String name, Part part, SerializableString encodedName) {
        Member(String name, Part part) {
            this(name, part, new SerializedString(name));
        }
    }

    static final LineShape CANONICAL = new LineShape(List.of(new Member("line", Part.LINE),
            new Member("severity", Part.SEVERITY), new Member("column", Part.COLUMN), new Member("code", Part.CODE),
            new Member("message", Part.MESSAGE), new Member("value", Part.VALUE)));
    static final LineShape REPORT = new LineShape(List.of(new Member("line", Part.LINE),
            new Member("reason", Part.MESSAGE), new Member("column", Part.COLUMN), new Member("code", Part.CODE),
            new Member("value", Part.VALUE)));

    final List<Member> members;

    private LineShape(List<Member> members) {
        this.members = members;
    }

    /** This shape's name for a canonical part name ({@code message} is {@code reason} in report lines). */
    String nameOf(String canonicalPart) {
        for (Member member : members) {
            if (CANONICAL.memberName(member.part).equals(canonicalPart)) {
                return member.name;
            }
        }
        return canonicalPart;
    }

    private String memberName(Part part) {
        return members.stream().filter(member -> member.part == part).findFirst().orElseThrow().name;
    }

    void write(JsonGenerator out, LineError line) {
        out.writeStartObject();
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            Object value = member.part.value.apply(line);
            if (value instanceof Long number) {
                out.writeName(member.encodedName);
                out.writeNumber(number);
            } else if (value != null || member.part.alwaysWritten) {
                out.writeName(member.encodedName);
                out.writeString((String) value);
            }
        }
        out.writeEndObject();
    }

    /** Reads every element; type problems are collected in the elements' fields. */
    List<LineError> read(List<Fields> elements, Severity severity, String defaultMessage) {
        List<LineError> lines = new ArrayList<>();
        for (Fields element : elements) {
            lines.add(read(element, severity, defaultMessage));
        }
        return lines;
    }

    /**
     * One line error; its severity is its own member if the shape has one ({@code error} when absent), else
     * {@code severity}; {@code defaultMessage} stands in for an absent message.
     */
    LineError read(Fields element, Severity severity, String defaultMessage) {
        long line = 0;
        Severity lineSeverity = severity;
        String column = null;
        String code = null;
        String message = null;
        String value = null;
        for (Member member : members) {
            switch (member.part) {
                case LINE -> {
                    Long given = element.int64(member.name);
                    if (!element.has(member.name)) {
                        element.add(member.name, "is required");
                    }
                    line = given == null ? 0 : given;
                }
                case SEVERITY -> lineSeverity = severity(element, member.name);
                case COLUMN -> column = element.string(member.name);
                case CODE -> code = element.string(member.name);
                case MESSAGE -> message = element.string(member.name);
                case VALUE -> value = element.string(member.name);
            }
        }
        element.rejectUnknown();
        return new LineError(line, lineSeverity, column, code, message == null ? defaultMessage : message, value);
    }

    private static Severity severity(Fields element, String field) {
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
}
