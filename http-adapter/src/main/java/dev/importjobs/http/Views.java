package dev.importjobs.http;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.query.Page;
import dev.importjobs.core.service.ChunkResult;
import java.util.function.BiConsumer;
import tools.jackson.core.JsonGenerator;

/** The answers both styles share, around each style's {@link JobView} (docs/api.md). */
final class Views {
    private Views() {
    }

    static JsonBody job(JobView view, ImportJob job) {
        return out -> view.write(out, job);
    }

    /** {@code {applied, job|item}}: whether the chunk counted, and the job after it (docs/model.md#chunks-exactly-once). */
    static JsonBody chunk(JobView view, ChunkResult result) {
        return out -> {
            out.writeStartObject();
            out.writeBooleanProperty("applied", result.applied());
            out.writeName(view.noun);
            view.write(out, result.job());
            out.writeEndObject();
        };
    }

    static JsonBody deleted(String id) {
        return out -> {
            out.writeStartObject();
            out.writeStringProperty("id", id);
            out.writeBooleanProperty("deleted", true);
            out.writeEndObject();
        };
    }

    /** The page object both styles share (docs/model.md#listing-and-pages): mongoose-paginate-v2's names plus {@code nextCursor}. */
    static <T> JsonBody page(Page<T> page, BiConsumer<JsonGenerator, T> item) {
        return out -> {
            out.writeStartObject();
            out.writeName("items");
            out.writeStartArray();
            for (T element : page.items()) {
                item.accept(out, element);
            }
            out.writeEndArray();
            out.writeNumberProperty("totalDocs", page.totalDocs());
            out.writeNumberProperty("limit", page.limit());
            number(out, "page", page.page());
            out.writeNumberProperty("totalPages", page.totalPages());
            number(out, "pagingCounter", page.pagingCounter());
            out.writeBooleanProperty("hasPrevPage", page.hasPrevPage());
            out.writeBooleanProperty("hasNextPage", page.hasNextPage());
            number(out, "prevPage", page.prevPage());
            number(out, "nextPage", page.nextPage());
            out.writeStringProperty("nextCursor", page.nextCursor());
            out.writeEndObject();
        };
    }

    private static void number(JsonGenerator out, String name, Long value) {
        if (value == null) {
            out.writeNullProperty(name);
        } else {
            out.writeNumberProperty(name, value);
        }
    }
}
