package dev.importjobs.core.service;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.importjobs.core.model.LineError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordChunkCommandTest {
    private static final String ORG = "org_123";
    private static final String ID = "6553f1000123456789abcdef";

    private static RecordChunkCommand chunk(Integer index, Long rows, Long[] counts, Long totalRows,
            List<LineError> errors) {
        return RecordChunkCommand.builder(ORG, ID).chunkIndex(index).rows(rows).successCount(counts[0])
                .insertCount(counts[1]).updateCount(counts[2]).skipCount(counts[3]).warningCount(counts[4])
                .errorCount(counts[5]).totalRows(totalRows).errors(errors).build();
    }

    private static Long[] noCounts() {
        return new Long[6];
    }

    @Test
    void aMissingJobIdIsReportedWithTheOtherViolations() {
        dev.importjobs.core.error.ErrorAssertions.assertViolations(
                () -> RecordChunkCommand.builder("org_123", null).rows(5L).build(),
                dev.importjobs.core.error.ErrorAssertions.violation("id", "is required"),
                dev.importjobs.core.error.ErrorAssertions.violation("chunkIndex", "is required"));
    }

    @Test
    void onlyTheIndexAndTheRowsAreNeededAndOtherCountsDefaultToZero() {
        RecordChunkCommand command = RecordChunkCommand.of(ORG, ID, 0, 500);
        assertEquals(List.of(0, 500L), List.of(command.chunkIndex(), command.rows()));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), List.of(command.successCount(), command.insertCount(),
                command.updateCount(), command.skipCount(), command.warningCount(), command.errorCount()));
        assertNull(command.totalRows());
        assertEquals(List.of(), command.errors());
    }

    @Test
    void givenCountsAreKept() {
        RecordChunkCommand command = chunk(3, 10L, new Long[] {1L, 2L, 3L, 4L, 5L, 6L}, 100L,
                List.of(LineError.error(7, "bad")));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), List.of(command.successCount(), command.insertCount(),
                command.updateCount(), command.skipCount(), command.warningCount(), command.errorCount()));
        assertEquals(100L, command.totalRows());
        assertEquals(List.of(LineError.error(7, "bad")), command.errors());
    }

    @Test
    void theChunkIndexIsRequiredAndWithinRange() {
        assertEquals(0, RecordChunkCommand.of(ORG, ID, 0, 1).chunkIndex());
        assertEquals(2_147_483_646, RecordChunkCommand.of(ORG, ID, 2_147_483_646, 1).chunkIndex());
        assertEquals(Integer.MAX_VALUE - 1, RecordChunkCommand.MAX_CHUNK_INDEX);
        assertViolations(() -> RecordChunkCommand.of(ORG, ID, Integer.MAX_VALUE, 1),
                violation("chunkIndex", "must be 0..2147483646"));
        assertViolations(() -> RecordChunkCommand.of(ORG, ID, -1, 1), violation("chunkIndex", "must be 0..2147483646"));
        assertViolations(() -> RecordChunkCommand.of(ORG, ID, Integer.MIN_VALUE, 1),
                violation("chunkIndex", "must be 0..2147483646"));
        assertViolations(() -> chunk(null, 1L, noCounts(), null, null), violation("chunkIndex", "is required"));
    }

    @Test
    void theRowsAreRequiredAndZeroOrMore() {
        assertEquals(0L, RecordChunkCommand.of(ORG, ID, 0, 0).rows());
        assertViolations(() -> chunk(0, null, noCounts(), null, null), violation("rows", "is required"));
        assertViolations(() -> RecordChunkCommand.of(ORG, ID, 0, -1), violation("rows", "must be >= 0"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void everyCountIsZeroOrMore(int which) {
        String[] names = {"successCount", "insertCount", "updateCount", "skipCount", "warningCount", "errorCount",
            "totalRows"};
        Long[] counts = noCounts();
        Long totalRows = null;
        if (which < 6) {
            counts[which] = -1L;
        } else {
            totalRows = -1L;
        }
        Long total = totalRows;
        assertViolations(() -> chunk(0, 1L, counts, total, null), violation(names[which], "must be >= 0"));
    }

    @Test
    void lineErrorsAreCheckedUnderErrorsAndTheirIndex() {
        List<LineError> lines = Arrays.asList(LineError.error(1, "ok"), null,
                new LineError(-2, null, "c".repeat(256), "k".repeat(101), "m".repeat(2001), "v".repeat(1001)));
        assertViolations(() -> chunk(0, 1L, noCounts(), null, lines),
                violation("errors[1]", "must be a line error"),
                violation("errors[2].line", "must be >= 0"),
                violation("errors[2].column", "must be at most 255 characters"),
                violation("errors[2].code", "must be at most 100 characters"),
                violation("errors[2].message", "must be 1..2000 characters"),
                violation("errors[2].value", "must be at most 1000 characters"));
    }

    @Test
    void theErrorsAreAnUnmodifiableCopy() {
        List<LineError> given = new ArrayList<>(List.of(LineError.error(1, "a")));
        RecordChunkCommand command = chunk(0, 1L, noCounts(), null, given);
        given.add(LineError.error(2, "b"));
        assertEquals(List.of(LineError.error(1, "a")), command.errors());
        assertThrows(UnsupportedOperationException.class, () -> command.errors().add(LineError.error(3, "c")));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        assertViolations(() -> RecordChunkCommand.builder("?", ID).successCount(-1L).errorCount(-3L)
                .errors(List.of(LineError.error(1, ""))).build(),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"),
                violation("chunkIndex", "is required"),
                violation("rows", "is required"),
                violation("successCount", "must be >= 0"),
                violation("errorCount", "must be >= 0"),
                violation("errors[0].message", "must be 1..2000 characters"));
    }
}
