package dev.importjobs.core.spi;

import java.util.Objects;

/**
 * "After this job" in a sort order: the last item's sort key ({@code null}, a {@link Long} or a
 * {@link String}) and its id. Stores turn it into a keyset condition, so a cursor page costs the same
 * at any depth.
 */
public record KeysetPosition(Object key, String id) {
    public KeysetPosition {
        Objects.requireNonNull(id, "id");
        if (key != null && !(key instanceof Long) && !(key instanceof String)) {
            throw new IllegalArgumentException("a sort key is a Long, a String or null");
        }
    }
}
