package dev.importjobs.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageTest {

    private static List<String> items(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("item" + i);
        }
        return out;
    }

    @Test
    void firstOfThreePages() {
        Page<String> page = Page.numbered(items(10), 25, 10, 1, "next");
        assertEquals(new Page<>(items(10), 25, 10, 1L, 3, 1L, false, true, null, 2L, "next"), page);
    }

    @Test
    void middlePage() {
        Page<String> page = Page.numbered(items(10), 25, 10, 2, "next");
        assertEquals(new Page<>(items(10), 25, 10, 2L, 3, 11L, true, true, 1L, 3L, "next"), page);
    }

    @Test
    void lastPageHasNoNextPageNorCursor() {
        Page<String> page = Page.numbered(items(5), 25, 10, 3, "ignored");
        assertEquals(new Page<>(items(5), 25, 10, 3L, 3, 21L, true, false, 2L, null, null), page);
    }

    @Test
    void aPagePastTheEndKeepsItsNumberAndPointsBackToTheLastPage() {
        Page<String> page = Page.numbered(List.of(), 25, 10, 7, null);
        assertEquals(new Page<String>(List.of(), 25, 10, 7L, 3, 61L, true, false, 3L, null, null), page);
        Page<String> justPast = Page.numbered(List.of(), 25, 10, 4, null);
        assertEquals(new Page<String>(List.of(), 25, 10, 4L, 3, 31L, true, false, 3L, null, null), justPast);
    }

    @Test
    void noDocumentsIsOneEmptyPage() {
        assertEquals(new Page<String>(List.of(), 0, 10, 1L, 1, 1L, false, false, null, null, null),
                Page.numbered(List.of(), 0, 10, 1, null));
        assertEquals(new Page<String>(List.of(), 0, 10, 2L, 1, 11L, true, false, 1L, null, null),
                Page.numbered(List.of(), 0, 10, 2, null));
    }

    @Test
    void anExactMultipleHasNoExtraPage() {
        assertEquals(new Page<>(items(10), 20, 10, 2L, 2, 11L, true, false, 1L, null, null),
                Page.numbered(items(10), 20, 10, 2, "ignored"));
        assertEquals(new Page<>(items(10), 10, 10, 1L, 1, 1L, false, false, null, null, null),
                Page.numbered(items(10), 10, 10, 1, "ignored"));
    }

    @ParameterizedTest(name = "total {0}, limit {1} -> {2}")
    @CsvSource({"0, 1, 1", "0, 100, 1", "1, 1, 1", "1, 100, 1", "2, 1, 2", "99, 10, 10", "100, 10, 10",
        "101, 10, 11", "100, 100, 1", "101, 100, 2", "1000000, 7, 142858", "9007199254740993, 1, 9007199254740993"})
    void totalPagesIsAtLeastOneAndRoundsUp(long total, int limit, long pages) {
        assertEquals(pages, Page.totalPages(total, limit));
    }

    /** The formulas of docs/model.md#listing-and-pages, written independently of {@link Page}. */
    private static Page<String> expected(List<String> items, long total, int limit, long page, String cursor) {
        long totalPages = total / limit + (total % limit == 0 ? 0 : 1);
        if (totalPages == 0) {
            totalPages = 1;
        }
        Long prevPage = page == 1 ? null : (Long) Math.min(page - 1, totalPages);
        Long nextPage = page >= totalPages ? null : (Long) (page + 1);
        return new Page<>(items, total, limit, page, totalPages, (page - 1) * limit + 1, prevPage != null,
                nextPage != null, prevPage, nextPage, nextPage == null ? null : cursor);
    }

    @Test
    void numberedPagesFollowTheContractOverManyRandomShapes() {
        Random random = new Random(6_2024L);
        for (int round = 0; round < 50_000; round++) {
            long total = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(5);
                case 1 -> random.nextInt(1000);
                case 2 -> 100L * random.nextInt(50);
                default -> random.nextInt(Integer.MAX_VALUE) * 1000L;
            };
            int limit = random.nextInt(4) == 0 ? (random.nextBoolean() ? 1 : 100) : 1 + random.nextInt(100);
            long lastPage = Math.max(1, (total + limit - 1) / limit);
            long page = switch (random.nextInt(4)) {
                case 0 -> 1;
                case 1 -> lastPage;
                case 2 -> lastPage + 1 + random.nextInt(3);
                default -> 1 + (long) (random.nextDouble() * lastPage);
            };
            long onPage = Math.max(0, Math.min(limit, total - (page - 1) * limit));
            List<String> items = items((int) Math.min(onPage, 3));
            String cursor = random.nextBoolean() ? "c" + round : null;
            Page<String> actual = Page.numbered(items, total, limit, page, cursor);
            assertEquals(expected(items, total, limit, page, cursor), actual,
                    "total " + total + ", limit " + limit + ", page " + page);
        }
    }

    @Test
    void aCursorPageHasNoNumbersAndAPreviousPage() {
        assertEquals(new Page<>(items(10), 25, 10, null, 3, null, true, true, null, null, "next"),
                Page.continued(items(10), 25, 10, "next"));
        assertEquals(new Page<>(items(5), 25, 10, null, 3, null, true, false, null, null, null),
                Page.continued(items(5), 25, 10, null));
        assertEquals(new Page<String>(List.of(), 0, 10, null, 1, null, true, false, null, null, null),
                Page.continued(List.of(), 0, 10, null));
    }

    @Test
    void mapKeepsEveryNumberAndMapsEachItem() {
        Page<String> page = Page.numbered(items(3), 13, 5, 2, "c");
        Page<Integer> mapped = page.map(String::length);
        assertEquals(new Page<>(List.of(5, 5, 5), 13, 5, 2L, 3, 6L, true, true, 1L, 3L, "c"), mapped);
    }

    @Test
    void itemsAreAnUnmodifiableCopy() {
        List<String> given = items(2);
        Page<String> page = Page.numbered(given, 2, 10, 1, null);
        given.add("more");
        assertEquals(items(2), page.items());
        assertThrows(UnsupportedOperationException.class, () -> page.items().add("x"));
    }
}
