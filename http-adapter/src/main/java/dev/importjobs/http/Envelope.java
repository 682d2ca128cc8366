package dev.importjobs.http;

import dev.importjobs.core.error.FieldViolation;
import tools.jackson.core.JsonGenerator;

/**
 * The one writer of both styles' envelopes (docs/api.md): {@code {"status":…,"data":…}} for a success,
 * {@code {"status":…,"error":{code,message,details?}}} for a failure (docs/model.md#errors).
 */
final class Envelope {
    private Envelope() {
    }

    static JsonBody ok(Style style, JsonBody data) {
        return out -> {
            out.writeStartObject();
            style.writeStatus(out, true);
            out.writeName("data");
            data.writeTo(out);
            out.writeEndObject();
        };
    }

    static JsonBody error(Style style, HttpProblem problem) {
        return out -> {
            out.writeStartObject();
            style.writeStatus(out, false);
            out.writeName("error");
            out.writeStartObject();
            out.writeNumberProperty("code", problem.code.code());
            out.writeStringProperty("message", problem.getMessage());
            if (!problem.details.isEmpty()) {
                out.writeName("details");
                out.writeStartArray();
                for (FieldViolation violation : problem.details) {
                    writeDetail(out, violation);
                }
                out.writeEndArray();
            }
            out.writeEndObject();
            out.writeEndObject();
        };
    }

    private static void writeDetail(JsonGenerator out, FieldViolation violation) {
        out.writeStartObject();
        out.writeStringProperty("field", violation.field());
        out.writeStringProperty("message", violation.message());
        out.writeEndObject();
    }
}
