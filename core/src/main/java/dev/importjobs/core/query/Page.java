package dev.importjobs.core.query;

import java.util.List;
import java.util.function.Function;

/**
 * A page of results in the shape of mongoose-paginate-v2 (docs/model.md#listing-and-pages), plus {@code nextCursor}. In
 * cursor mode {@code page}, {@code pagingCounter}, {@code prevPage} and {@code nextPage} are {@code null}.
 */
public record Page<T>(
        List<T> items,
        long totalDocs,
        int limit,
        Long page,
        long totalPages,
        Long pagingCounter,
        boolean hasPrevPage,
        boolean hasNextPage,
        Long prevPage,
        Long nextPage,
        String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /** A page asked for by number; a page past the end keeps its number and points back to the last. */
    public static <T> Page<T> numbered(List<T> items, long totalDocs, int limit, long page, String nextCursor) {
        long totalPages = totalPages(totalDocs, limit);
        boolean hasPrev = page > 1;
        boolean hasNext = page < totalPages;
        return new Page<>(items, totalDocs, limit, page, totalPages, (page - 1) * limit + 1, hasPrev, hasNext,
                hasPrev ? Math.min(page - 1, totalPages) : null, hasNext ? page + 1 : null,
                hasNext ? nextCursor : null);
    }

    /** A page reached through a cursor: it has a previous page, and a next one when a cursor follows. */
    public static <T> Page<T> continued(List<T> items, long totalDocs, int limit, String nextCursor) {
        return new Page<>(items, totalDocs, limit, null, totalPages(totalDocs, limit), null, true,
                nextCursor != null, null, null, nextCursor);
    }

    /** {@code max(1, ceil(totalDocs / limit))}. */
    public static long totalPages(long totalDocs, int limit) {
        return Math.max(1, (totalDocs + limit - 1) / limit);
    }

    /** The same page with each item mapped, for adapters building their views. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), totalDocs, limit, page, totalPages,
                pagingCounter, hasPrevPage, hasNextPage, prevPage, nextPage, nextCursor);
    }
}
