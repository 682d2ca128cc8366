package dev.importjobs.http;

import tools.jackson.core.JsonGenerator;

/** A JSON value written straight to a response, so no answer is built whole in memory first. */
@FunctionalInterface
interface JsonBody {
    void writeTo(JsonGenerator out);
}
