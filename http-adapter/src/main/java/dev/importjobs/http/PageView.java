package dev.importjobs.http;

import dev.importjobs.core.query.Page;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The page object both styles share (mongoose-paginate-v2's names, plus {@code nextCursor}). */
final class PageView {
    private PageView() {
    }

    static <T> Map<String, Object> of(Page<T> page, Function<T, Object> item) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("items", page.items().stream().map(item).toList());
        view.put("totalDocs", page.totalDocs());
        view.put("limit", page.limit());
        view.put("page", page.page());
        view.put("totalPages", page.totalPages());
        view.put("pagingCounter", page.pagingCounter());
        view.put("hasPrevPage", page.hasPrevPage());
        view.put("hasNextPage", page.hasNextPage());
        view.put("prevPage", page.prevPage());
        view.put("nextPage", page.nextPage());
        view.put("nextCursor", page.nextCursor());
        return view;
    }
}
