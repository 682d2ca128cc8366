package dev.importjobs.core.query;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static dev.importjobs.core.query.Jobs.T0;
import static dev.importjobs.core.query.Jobs.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SortTest {
    private static final String PATTERN_MESSAGE = "must match ^[\\w.]*((:asc)|(:desc))?$, for example createdAt:desc";
    private static final String ALLOWED = "createdAt, updatedAt, startedAt, completedAt, status, action, importScope, "
            + "fileName, file.originalName, totalRows, report.numItems, processedRows, report.numProcessed, "
            + "errorCount, report.numErrors";

    @ParameterizedTest
    @NullAndEmptySource
    void noSortMeansNewestFirst(String input) {
        Sort sort = Sort.parse(input);
        assertEquals(new Sort(SortField.CREATED_AT, true), sort);
        assertEquals("createdAt:desc", sort.canonical());
        assertEquals(Sort.DEFAULT, sort);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "createdAt, CREATED_AT, createdAt", "updatedAt, UPDATED_AT, updatedAt", "startedAt, STARTED_AT, startedAt",
        "completedAt, COMPLETED_AT, completedAt", "status, STATUS, status",
        "action, ACTION, action", "importScope, ACTION, action",
        "fileName, FILE_NAME, fileName", "file.originalName, FILE_NAME, fileName",
        "totalRows, TOTAL_ROWS, totalRows", "report.numItems, TOTAL_ROWS, totalRows",
        "processedRows, PROCESSED_ROWS, processedRows", "report.numProcessed, PROCESSED_ROWS, processedRows",
        "errorCount, ERROR_COUNT, errorCount", "report.numErrors, ERROR_COUNT, errorCount",
    })
    void everyAllowedNameInEitherStyleSortsByItsField(String name, SortField field, String canonical) {
        assertEquals(new Sort(field, false), Sort.parse(name));
        assertEquals(new Sort(field, false), Sort.parse(name + ":asc"));
        assertEquals(new Sort(field, true), Sort.parse(name + ":desc"));
        assertEquals(canonical + ":asc", Sort.parse(name).canonical());
        assertEquals(canonical + ":desc", Sort.parse(name + ":desc").canonical());
    }

    @Test
    void aBareDirectionAppliesToCreatedAt() {
        assertEquals(new Sort(SortField.CREATED_AT, false), Sort.parse(":asc"));
        assertEquals(new Sort(SortField.CREATED_AT, true), Sort.parse(":desc"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"foo", "id", "_id", "CreatedAt", "createdat", "report.numSuccesses", "report", "file",
        "createdAt.", ".createdAt", "name", "version", "organizationId", "foo:desc"})
    void anUnknownFieldIsRefusedListingTheAllowedOnes(String input) {
        String name = input.endsWith(":desc") ? input.substring(0, input.length() - 5) : input;
        ImportJobsException e = assertViolations(() -> Sort.parse(input),
                violation("sort", "cannot sort by '" + name + "'; allowed fields: " + ALLOWED));
        assertEquals("sort: cannot sort by '" + name + "'; allowed fields: " + ALLOWED, e.getMessage());
    }

    @Test
    void theAllowedListNamesEveryFieldInBothStyles() {
        assertEquals(ALLOWED, SortField.ALLOWED);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"a b", "x:up", "createdAt:desc:asc", "createdAt:", "createdAt:DESC", "createdAt:ASC",
        "-createdAt", "+createdAt", "createdAt desc", "created-at", "createdAt:asc ", " createdAt", ":", "::asc",
        "é", "createdAt\n", "createdAt,status", "status:desc;", "createdAt:descending"})
    void aSortNotMatchingThePatternIsRefusedOnFieldSort(String input) {
        assertViolations(() -> Sort.parse(input), violation("sort", PATTERN_MESSAGE));
    }

    // ---- order

    private static List<String> idsIn(List<ImportJob> jobs, Sort sort) {
        List<ImportJob> sorted = new ArrayList<>(jobs);
        sorted.sort(sort.comparator());
        return sorted.stream().map(j -> j.id().replaceFirst("^0+", "")).toList();
    }

    private static ImportJob withTotal(String id, Long total) {
        return job(id).counters(new Counters(total, 0, 0, 0, 0, 0, 0, 0)).build();
    }

    @Test
    void nullKeysSortLastInBothDirectionsAndTiesBreakByIdInTheSameDirection() {
        List<ImportJob> jobs = List.of(withTotal("a1", 5L), withTotal("b1", null), withTotal("c1", 3L),
                withTotal("d1", 5L), withTotal("e1", null), withTotal("f1", 0L));
        assertEquals(List.of("f1", "c1", "a1", "d1", "b1", "e1"), idsIn(jobs, Sort.parse("totalRows")));
        assertEquals(List.of("d1", "a1", "c1", "f1", "e1", "b1"), idsIn(jobs, Sort.parse("totalRows:desc")));
    }

    @Test
    void compareKeysPutsNullAfterAnyKeyWhateverTheDirection() {
        for (Sort sort : List.of(Sort.parse("startedAt"), Sort.parse("startedAt:desc"))) {
            assertTrue(sort.compareKeys(null, "a", 5L, "b") > 0);
            assertTrue(sort.compareKeys(5L, "b", null, "a") < 0);
            assertTrue(sort.compareKeys(null, "a", Long.MIN_VALUE, "b") > 0);
            assertTrue(sort.compareKeys(null, "b", "", "a") > 0);
        }
        assertTrue(Sort.parse("startedAt").compareKeys(null, "a", null, "b") < 0);
        assertTrue(Sort.parse("startedAt:desc").compareKeys(null, "a", null, "b") > 0);
        assertEquals(0, Sort.parse("startedAt").compareKeys(null, "a", null, "a"));
        assertEquals(0, Sort.parse("startedAt:desc").compareKeys(7L, "a", 7L, "a"));
    }

    @Test
    void longKeysCompareWithoutOverflow() {
        Sort ascending = Sort.parse("processedRows");
        assertTrue(ascending.compareKeys(Long.MIN_VALUE, "a", Long.MAX_VALUE, "a") < 0);
        assertTrue(ascending.compareKeys(Long.MAX_VALUE, "a", Long.MIN_VALUE, "a") > 0);
        assertTrue(ascending.compareKeys(-1L, "a", 1L, "a") < 0);
        Sort descending = Sort.parse("processedRows:desc");
        assertTrue(descending.compareKeys(Long.MIN_VALUE, "a", Long.MAX_VALUE, "a") > 0);
    }

    @Test
    void stringsCompareByCodePointNotByUtf16Unit() {
        String bmpMax = "\uFFFF";
        String grinning = "\uD83D\uDE00"; // U+1F600, whose first UTF-16 unit is below U+FFFF
        Sort ascending = Sort.parse("fileName");
        assertTrue(ascending.compareKeys(bmpMax, "a", grinning, "a") < 0);
        assertTrue(ascending.compareKeys(grinning, "a", bmpMax, "a") > 0);
        assertTrue(ascending.compareKeys("\uE000", "a", "\uD800\uDC00", "a") < 0);
        assertTrue(Sort.parse("fileName:desc").compareKeys(bmpMax, "a", grinning, "a") > 0);
    }

    @Test
    void fileNamesSortByCodePointWithPrefixesFirst() {
        List<ImportJob> jobs = new ArrayList<>();
        String[] names = {"\uD83D\uDE00", "z", "Z", "ab", "abc", "\uFFFF", "é", "a", "" + "1"};
        for (int i = 0; i < names.length; i++) {
            jobs.add(job("f" + i).file(FileInfo.named(names[i])).build());
        }
        // "1" < "Z" < "a" < "ab" < "abc" < "z" < "é" < U+FFFF < U+1F600
        assertEquals(List.of("f8", "f2", "f7", "f3", "f4", "f1", "f6", "f5", "f0"),
                idsIn(jobs, Sort.parse("file.originalName")));
        assertEquals(List.of("f0", "f5", "f6", "f1", "f4", "f3", "f7", "f2", "f8"),
                idsIn(jobs, Sort.parse("fileName:desc")));
    }

    @Test
    void statusSortsByItsCanonicalName() {
        List<ImportJob> jobs = new ArrayList<>();
        JobStatus[] statuses = JobStatus.values();
        for (int i = 0; i < statuses.length; i++) {
            jobs.add(job("s" + i).status(statuses[i]).build());
        }
        // cancelled, completed, created, failed, inProgress, pending
        assertEquals(List.of("s5", "s3", "s1", "s4", "s2", "s0"), idsIn(jobs, Sort.parse("status")));
    }

    @Test
    void theDefaultSortIsNewestCreatedFirstThenHighestId() {
        List<ImportJob> jobs = List.of(job("a").createdAt(T0).build(), job("b").createdAt(T0.plusMillis(1)).build(),
                job("c").createdAt(T0).build(), job("d").createdAt(T0.minusSeconds(1)).build());
        assertEquals(List.of("b", "c", "a", "d"), idsIn(jobs, Sort.DEFAULT));
        assertEquals(List.of("d", "a", "c", "b"), idsIn(jobs, Sort.parse("createdAt")));
    }

    @Test
    void nullableInstantsSortLast() {
        List<ImportJob> jobs = List.of(job("a").startedAt(T0).build(), job("b").build(),
                job("c").startedAt(T0.plusSeconds(5)).build());
        assertEquals(List.of("a", "c", "b"), idsIn(jobs, Sort.parse("startedAt")));
        assertEquals(List.of("c", "a", "b"), idsIn(jobs, Sort.parse("startedAt:desc")));
    }

    /** Independent order: nulls last, keys by value (strings as unsigned UTF-8 bytes), then id. */
    private static int reference(boolean descending, Object keyA, String idA, Object keyB, String idB) {
        if (keyA == null && keyB != null) {
            return 1;
        }
        if (keyB == null && keyA != null) {
            return -1;
        }
        int byKey = 0;
        if (keyA instanceof Long x) {
            byKey = Long.compare(x, (Long) keyB);
        } else if (keyA instanceof String x) {
            byKey = Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                    ((String) keyB).getBytes(StandardCharsets.UTF_8));
        }
        if (byKey == 0) {
            byKey = idA.compareTo(idB);
        }
        return descending ? -byKey : byKey;
    }

    @Test
    void compareKeysAgreesWithAnIndependentOrderOnRandomKeys() {
        Random random = new Random(20240101L);
        int[] codePoints = {'0', 'A', 'a', 'z', 0x7f, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000,
            0x1f600, 0x10ffff};
        for (int round = 0; round < 20_000; round++) {
            boolean text = random.nextBoolean();
            Sort sort = new Sort(text ? SortField.FILE_NAME : SortField.TOTAL_ROWS, random.nextBoolean());
            Object[] keys = new Object[2];
            for (int k = 0; k < 2; k++) {
                if (random.nextInt(5) == 0) {
                    keys[k] = null;
                } else if (text) {
                    StringBuilder s = new StringBuilder();
                    for (int n = random.nextInt(4); n > 0; n--) {
                        s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
                    }
                    keys[k] = s.toString();
                } else {
                    keys[k] = random.nextBoolean() ? (long) random.nextInt(5) - 2 : random.nextLong();
                }
            }
            String idA = "id" + random.nextInt(3);
            String idB = "id" + random.nextInt(3);
            int expected = Integer.signum(reference(sort.descending(), keys[0], idA, keys[1], idB));
            int actual = Integer.signum(sort.compareKeys(keys[0], idA, keys[1], idB));
            assertEquals(expected, actual, () -> sort + " " + Arrays.toString(keys) + " " + idA + " " + idB);
        }
    }

    @Test
    void theComparatorIsTheCompareKeysOfEachJobsFieldAndId() {
        List<ImportJob> jobs = new ArrayList<>();
        Random random = new Random(7L);
        for (int i = 0; i < 200; i++) {
            jobs.add(job(Integer.toHexString(i)).counters(new Counters(null, 0, 0, 0, 0, 0, 0, random.nextInt(4)))
                    .build());
        }
        Collections.shuffle(jobs, random);
        Sort sort = Sort.parse("report.numErrors:desc");
        jobs.sort(sort.comparator());
        for (int i = 1; i < jobs.size(); i++) {
            ImportJob a = jobs.get(i - 1);
            ImportJob b = jobs.get(i);
            long ea = a.counters().errorCount();
            long eb = b.counters().errorCount();
            assertTrue(ea > eb || (ea == eb && a.id().compareTo(b.id()) > 0), a.id() + " before " + b.id());
        }
        assertSame(SortField.ERROR_COUNT, sort.field());
    }
}
