package dev.importjobs.http;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.query.Page;
import dev.importjobs.core.service.ChunkResult;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * The answers both styles share, around each style's {@link JobView} (docs/api.md). Their member names and
 * the page object's table are what {@link OpenApi} describes, so the document and the answers agree.
 */
final class Views {
    /** {@code {applied, job|item}}: whether a chunk counted. */
    static final String APPLIED = "applied";
    /** {@code {id, deleted}}: a delete's answer. */
    static final String DELETED = "deleted";
    /** The page object's list. */
    static final String ITEMS = "items";

    /**
     * The page object's members after {@code items} (docs/model.md#listing-and-pages), in the order written:
     * mongoose-paginate-v2's names plus {@code nextCursor}. {@code null} where a cursor page has none.
     */
    enum PageMember {
        TOTAL_DOCS("totalDocs", "integer", false, 0, Page::totalDocs,
                "how many items match, on every page"),
        LIMIT("limit", "integer", false, 1, Page::limit, "the page size used"),
        PAGE("page", "integer", true, 1, Page::page,
                "the page asked for (kept past the end); null on a cursor page"),
        TOTAL_PAGES("totalPages", "integer", false, 1, Page::totalPages,
                "max(1, ceil(totalDocs / limit)): an empty listing has one empty page"),
        PAGING_COUNTER("pagingCounter", "integer", true, 1, Page::pagingCounter,
                "(page - 1) * limit + 1, the number of the page's first item; null on a cursor page"),
        HAS_PREV_PAGE("hasPrevPage", "boolean", false, null, Page::hasPrevPage, "page > 1, or a cursor page"),
        HAS_NEXT_PAGE("hasNextPage", "boolean", false, null, Page::hasNextPage, "page < totalPages"),
        PREV_PAGE("prevPage", "integer", true, 1, Page::prevPage,
                "min(page - 1, totalPages), so a page past the end points back to the last real one; null on "
                        + "the first page and on a cursor page"),
        NEXT_PAGE("nextPage", "integer", true, 2, Page::nextPage, "page + 1; null on the last page and on a cursor page"),
        NEXT_CURSOR("nextCursor", "string", true, null, Page::nextCursor,
                "an opaque cursor for the following page (send it as cursor with the same sort and filters); "
                        + "null on the last page");

        final String name;
        private final SerializableString encodedName;
        /** The JSON Schema type. */
        final String type;
        final boolean nullable;
        /** The least value of an integer member, or {@code null}. */
        final Integer minimum;
        final String description;
        private final Function<Page<?>, Object> value;

        PageMember(String name, String type, boolean nullable, Integer minimum, Function<Page<?>, Object> value,
                String description) {
            this.name = name;
            this.encodedName = new SerializedString(name);
            this.type = type;
            this.nullable = nullable;
            this.minimum = minimum;
            this.value = value;
            this.description = description;
        }

        private void write(JsonGenerator out, Page<?> page) {
            Object given = value.apply(page);
            out.writeName(encodedName);
            if (given == null) {
                out.writeNull();
            } else if (given instanceof Number number) {
                out.writeNumber(number.longValue());
            } else if (given instanceof Boolean flag) {
                out.writeBoolean(flag);
            } else {
                out.writeString((String) given);
            }
        }
    }

    private Views() {
    }

    static JsonBody job(JobView view, ImportJob job) {
        return out -> view.write(out, job);
    }

    /** {@code {applied, job|item}}: whether the chunk counted, and the job after it (docs/model.md#chunks-exactly-once). */
    static JsonBody chunk(JobView view, ChunkResult result) {
        return out -> {
            out.writeStartObject();
            out.writeBooleanProperty(APPLIED, result.applied());
            out.writeName(view.noun);
            view.write(out, result.job());
            out.writeEndObject();
        };
    }

    static JsonBody deleted(String id) {
        return out -> {
            out.writeStartObject();
            out.writeStringProperty(JobField.ID.path, id);
            out.writeBooleanProperty(DELETED, true);
            out.writeEndObject();
        };
    }

    /** The page object both styles share (docs/model.md#listing-and-pages): mongoose-paginate-v2's names plus {@code nextCursor}. */
    static <T> JsonBody page(Page<T> page, BiConsumer<JsonGenerator, T> item) {
        return out -> {
            out.writeStartObject();
            out.writeName(ITEMS);
            out.writeStartArray();
            for (T element : page.items()) {
                item.accept(out, element);
            }
            out.writeEndArray();
            for (PageMember member : PageMember.values()) {
                member.write(out, page);
            }
            out.writeEndObject();
        };
    }
}
