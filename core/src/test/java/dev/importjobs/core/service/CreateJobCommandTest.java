package dev.importjobs.core.service;

import static dev.importjobs.core.error.ErrorAssertions.assertFails;
import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreateJobCommandTest {
    private static final String ORG = "org_123";

    /** The least a create needs. */
    static JobFields.Builder minimal() {
        return JobFields.builder().createdBy("user_1").fileName("items.csv");
    }

    private static CreateJobCommand create(JobFields.Builder fields) {
        return new CreateJobCommand(ORG, fields.build());
    }

    private static String x(int length) {
        return "x".repeat(length);
    }

    @Test
    void theLeastACreateNeedsIsACreatorAndAFileName() {
        CreateJobCommand command = create(minimal());
        assertSame(JobStatus.PENDING, command.initialStatus());
        assertEquals("user_1", command.fields().createdBy().id());
        assertEquals("items.csv", command.fields().file().originalName());
        assertEquals(false, command.idempotencyKeyRequired());
    }

    @Test
    void everyViolatedFieldIsReportedAtOnceUnderItsCanonicalName() {
        JobFields fields = JobFields.builder()
                .createdBy(new CreatedBy(null, x(2049), null, null, null, null))
                .action(x(1001))
                .status("bogus")
                .fileName(x(1025))
                .idempotencyKey("clé")
                .workflowId(x(256))
                .config(Map.of("k", x(20_000)))
                .totalRows(10L)
                .processedRows(11L)
                .successCount(-1L)
                .summary(x(10_001))
                .errorReport(LineErrorReplacement.all(List.of(LineError.error(1, "fine"),
                        new LineError(-1, Severity.ERROR, x(256), null, "", null))))
                .build();
        ImportJobsException e = assertViolations(() -> new CreateJobCommand("x!", fields),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"),
                violation("createdBy.id", "is required"),
                violation("createdBy.email", "must be at most 2048 characters"),
                violation("action", "must be at most 1000 characters"),
                violation("status", "must be one of pending, created, inProgress, completed, failed, cancelled"),
                violation("file.originalName", "must be 1..1024 characters"),
                violation("idempotencyKey", "must be printable ASCII"),
                violation("workflowId", "must be at most 255 characters"),
                violation("config", "must be at most 16384 bytes as JSON"),
                violation("successCount", "must be >= 0"),
                violation("processedRows", "must be <= totalRows (10)"),
                violation("summary", "must be at most 10000 characters"),
                violation("errorReport[1].line", "must be >= 0"),
                violation("errorReport[1].column", "must be at most 255 characters"),
                violation("errorReport[1].message", "must be 1..2000 characters"));
        assertEquals("15 fields are invalid: organizationId, createdBy.id, createdBy.email, action, status, "
                + "file.originalName, idempotencyKey, workflowId, config, successCount, processedRows, summary, "
                + "errorReport[1].line, errorReport[1].column, errorReport[1].message", e.getMessage());
    }

    @Test
    void anEmptyCreateMissesTheCreatorAndTheFileName() {
        assertViolations(() -> new CreateJobCommand(ORG, null),
                violation("createdBy.id", "is required"), violation("file.originalName", "is required"));
        assertViolations(() -> new CreateJobCommand(ORG, JobFields.builder().build(), true),
                violation("createdBy.id", "is required"), violation("file.originalName", "is required"),
                violation("idempotencyKey", "is required"));
    }

    @Test
    void aStatusAJobCannotStartInIsReportedWithTheOtherViolations() {
        assertViolations(() -> new CreateJobCommand("x", JobFields.builder().createdBy("u").status("completed").build()),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"),
                violation("file.originalName", "is required"),
                violation("status", "a job is created as pending, created or inProgress, not completed"));
    }

    // ---- limits: accepted at the maximum, refused one past it

    private record Limit(String field, int max, String tooLong, BiConsumer<JobFields.Builder, String> set) {
        @Override
        public String toString() {
            return field + " " + max;
        }
    }

    private static CreatedBy profile(int index, String value) {
        String[] parts = new String[5];
        parts[index] = value;
        return new CreatedBy("user_1", parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    private static FileInfo fileMeta(int index, String value) {
        String[] parts = new String[7];
        parts[index] = value;
        return new FileInfo("items.csv", parts[0], null, parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]);
    }

    static Stream<Limit> limits() {
        List<Limit> limits = new ArrayList<>(List.of(
                new Limit("createdBy.id", 128, "must be 1..128 characters", JobFields.Builder::createdBy),
                new Limit("action", 1000, "must be at most 1000 characters", JobFields.Builder::action),
                new Limit("file.originalName", 1024, "must be 1..1024 characters", JobFields.Builder::fileName),
                new Limit("idempotencyKey", 255, "must be 1..255 characters", JobFields.Builder::idempotencyKey),
                new Limit("workflowId", 255, "must be at most 255 characters", JobFields.Builder::workflowId),
                new Limit("summary", 10_000, "must be at most 10000 characters", JobFields.Builder::summary),
                new Limit("error", 10_000, "must be at most 10000 characters", JobFields.Builder::error)));
        String[] profile = {"email", "firstName", "lastName", "fullName", "picture"};
        for (int i = 0; i < profile.length; i++) {
            int index = i;
            limits.add(new Limit("createdBy." + profile[i], 2048, "must be at most 2048 characters",
                    (b, v) -> b.createdBy(profile(index, v))));
        }
        String[] meta = {"mimetype", "bucket", "key", "location", "region", "storageProviderId", "checksum"};
        for (int i = 0; i < meta.length; i++) {
            int index = i;
            limits.add(new Limit("file." + meta[i], 2048, "must be at most 2048 characters",
                    (b, v) -> b.file(fileMeta(index, v))));
        }
        String[] line = {"column", "code", "message", "value"};
        int[] lineMax = {255, 100, 2000, 1000};
        for (int i = 0; i < line.length; i++) {
            int index = i;
            String message = line[i].equals("message") ? "must be 1..2000 characters"
                    : "must be at most " + lineMax[i] + " characters";
            limits.add(new Limit("errorReport[0]." + line[i], lineMax[i], message, (b, v) -> {
                String[] parts = {null, null, "message", null};
                parts[index] = v;
                b.errorReport(LineErrorReplacement.all(
                        List.of(new LineError(1, Severity.ERROR, parts[0], parts[1], parts[2], parts[3]))));
            }));
        }
        return limits.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aFieldIsAcceptedAtItsMaximumLength(Limit limit) {
        JobFields.Builder fields = minimal();
        limit.set.accept(fields, x(limit.max));
        assertDoesNotThrow(() -> create(fields));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aFieldIsRefusedOneCharacterPastItsMaximum(Limit limit) {
        JobFields.Builder fields = minimal();
        limit.set.accept(fields, x(limit.max + 1));
        assertViolations(() -> create(fields), violation(limit.field, limit.tooLong));
    }

    @Test
    void requiredTextMayNotBeEmpty() {
        assertViolations(() -> create(minimal().createdBy("")), violation("createdBy.id", "must be 1..128 characters"));
        assertViolations(() -> create(minimal().fileName("")), violation("file.originalName", "must be 1..1024 characters"));
        assertViolations(() -> create(minimal().idempotencyKey("")), violation("idempotencyKey", "must be 1..255 characters"));
        assertViolations(() -> create(minimal().errorReport(LineErrorReplacement.all(List.of(LineError.error(1, ""))))),
                violation("errorReport[0].message", "must be 1..2000 characters"));
        assertViolations(() -> create(minimal().errorReport(LineErrorReplacement.all(List.of(LineError.error(1, null))))),
                violation("errorReport[0].message", "is required"));
    }

    @Test
    void optionalTextMayBeEmpty() {
        assertDoesNotThrow(() -> create(minimal().action("").workflowId("").summary("").error("")
                .createdBy(new CreatedBy("u", "", "", "", "", ""))));
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0000", "0009", "000A", "000D", "001B", "001F", "007F", "0085", "009F"})
    void controlCharactersAreRefusedInTheCreatorIdAndTheFileName(String hex) {
        String control = "a" + (char) Integer.parseInt(hex, 16) + "b";
        assertViolations(() -> create(minimal().createdBy(control)),
                violation("createdBy.id", "must not contain control characters"));
        assertViolations(() -> create(minimal().fileName(control)),
                violation("file.originalName", "must not contain control characters"));
    }

    @Test
    void otherUnicodeIsAcceptedInTheCreatorIdAndTheFileName() {
        String text = "ünïcødé 😀 \u200b 中文 \u00a0";
        CreateJobCommand command = create(minimal().createdBy(text).fileName(text));
        assertEquals(text, command.fields().createdBy().id());
        assertEquals(text, command.fields().file().originalName());
    }

    @Test
    void theConfigMayBeSixteenKibibytesOfJson() {
        // {"k":"…"} is 8 characters around the value
        assertDoesNotThrow(() -> create(minimal().config(Map.of("k", x(16_384 - 8)))));
        assertViolations(() -> create(minimal().config(Map.of("k", x(16_384 - 7)))),
                violation("config", "must be at most 16384 bytes as JSON"));
    }

    @Test
    void theConfigLimitCountsUtf8Bytes() {
        String twoBytes = "é".repeat((16_384 - 8) / 2);
        assertDoesNotThrow(() -> create(minimal().config(Map.of("k", twoBytes))));
        assertViolations(() -> create(minimal().config(Map.of("k", twoBytes + "x"))),
                violation("config", "must be at most 16384 bytes as JSON"));
    }

    @Test
    void aConfigThatIsNotJsonIsAValidationError() {
        assertViolations(() -> create(minimal().config(Map.of("k", new Object()))),
                violation("config", "must be a JSON object: not a JSON value: java.lang.Object"));
        assertViolations(() -> create(minimal().config(Map.of("k", Double.NaN))),
                violation("config", "must be a JSON object: JSON has no NaN"));
        assertViolations(() -> create(minimal().config(Map.of("k", Map.of(1, "one")))),
                violation("config", "must be a JSON object: JSON object keys must be strings"));
    }

    @Test
    void aConfigNestedDeeperThanJsonAllowsIsAValidationError() {
        Object atMax = List.of();
        for (int i = 0; i < 62; i++) {
            atMax = List.of(atMax);
        }
        Object tooDeep = List.of(atMax);
        Object allowed = atMax;
        assertDoesNotThrow(() -> create(minimal().config(Map.of("k", allowed))));
        assertViolations(() -> create(minimal().config(Map.of("k", tooDeep))),
                violation("config", "must be a JSON object: JSON nests deeper than 64"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"org_123", "abc", "ABC-def_0", "---", "000"})
    void organizationIdsMatchingThePatternAreAccepted(String organizationId) {
        assertEquals(organizationId, new CreateJobCommand(organizationId, minimal().build()).organizationId());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "ab", "org 123", "org.123", "örg", "org_123\n", "x!"})
    void organizationIdsBreakingThePatternAreRefused(String organizationId) {
        assertViolations(() -> new CreateJobCommand(organizationId, minimal().build()),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"));
    }

    @Test
    void anOrganizationIdHasAtMost128Characters() {
        assertEquals(x(128), new CreateJobCommand(x(128), minimal().build()).organizationId());
        assertViolations(() -> new CreateJobCommand(x(129), minimal().build()),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"));
    }

    @Test
    void anOrganizationIdIsRequired() {
        assertViolations(() -> new CreateJobCommand(null, minimal().build()), violation("organizationId", "is required"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"pending, PENDING", "created, CREATED", "inProgress, IN_PROGRESS", "ACTIVE, IN_PROGRESS",
        "in-progress, IN_PROGRESS", "CREATED, CREATED", "Pending, PENDING"})
    void aJobMayStartPendingCreatedOrInProgress(String status, JobStatus expected) {
        assertSame(expected, create(minimal().status(status)).initialStatus());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"completed, completed", "failed, failed", "cancelled, cancelled", "CANCELED, cancelled"})
    void aJobMayNotStartCompletedFailedOrCancelled(String status, String canonical) {
        assertViolations(() -> create(minimal().status(status)),
                violation("status", "a job is created as pending, created or inProgress, not " + canonical));
    }

    @Test
    void theIdempotencyKeyIsRequiredOnlyWhenAsked() {
        assertViolations(() -> new CreateJobCommand(ORG, minimal().build(), true),
                violation("idempotencyKey", "is required"));
        assertDoesNotThrow(() -> new CreateJobCommand(ORG, minimal().idempotencyKey("k-1").build(), true));
        assertDoesNotThrow(() -> new CreateJobCommand(ORG, minimal().build(), false));
        assertEquals(true, new CreateJobCommand(ORG, minimal().idempotencyKey("k").build(), true)
                .idempotencyKeyRequired());
    }

    @Test
    void theIdempotencyKeyIsPrintableAscii() {
        StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c <= 0x7e; c++) {
            printable.append(c);
        }
        assertDoesNotThrow(() -> create(minimal().idempotencyKey(printable.toString())));
        assertDoesNotThrow(() -> create(minimal().idempotencyKey(" ")));
        for (String bad : List.of("tab\there", "del\u007f", "nul\u0000", "clé", "new\nline", "\u00a0", "😀")) {
            assertViolations(() -> create(minimal().idempotencyKey(bad)),
                    violation("idempotencyKey", "must be printable ASCII"));
        }
    }

    static Stream<Arguments> counters() {
        return Stream.of(
                Arguments.of("totalRows", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::totalRows),
                Arguments.of("processedRows", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::processedRows),
                Arguments.of("successCount", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::successCount),
                Arguments.of("insertCount", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::insertCount),
                Arguments.of("updateCount", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::updateCount),
                Arguments.of("skipCount", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::skipCount),
                Arguments.of("warningCount", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::warningCount),
                Arguments.of("errorCount", (BiConsumer<JobFields.Builder, Long>) JobFields.Builder::errorCount),
                Arguments.of("lastProcessedChunkIndex", (BiConsumer<JobFields.Builder, Long>)
                        (b, v) -> b.lastProcessedChunkIndex(Math.toIntExact(Math.max(v, Integer.MIN_VALUE)))),
                Arguments.of("file.size", (BiConsumer<JobFields.Builder, Long>)
                        (b, v) -> b.file(new FileInfo("items.csv", null, v, null, null, null, null, null, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counters")
    void aCountIsZeroOrMore(String field, BiConsumer<JobFields.Builder, Long> set) {
        JobFields.Builder zero = minimal();
        set.accept(zero, 0L);
        assertDoesNotThrow(() -> create(zero));
        for (long negative : new long[] {-1, Long.MIN_VALUE}) {
            JobFields.Builder fields = minimal();
            set.accept(fields, negative);
            assertViolations(() -> create(fields), violation(field, "must be >= 0"));
        }
    }

    @Test
    void processedRowsMayNotPassAKnownTotal() {
        assertDoesNotThrow(() -> create(minimal().totalRows(10L).processedRows(10L)));
        assertDoesNotThrow(() -> create(minimal().processedRows(Long.MAX_VALUE)));
        assertViolations(() -> create(minimal().totalRows(10L).processedRows(11L)),
                violation("processedRows", "must be <= totalRows (10)"));
        assertViolations(() -> create(minimal().totalRows(0L).processedRows(1L)),
                violation("processedRows", "must be <= totalRows (0)"));
        assertViolations(() -> create(minimal().totalRows(-1L).processedRows(5L)),
                violation("totalRows", "must be >= 0"));
    }

    @Test
    void lineErrorsAreCheckedOneByOneUnderTheirIndex() {
        List<LineError> lines = List.of(
                new LineError(0, Severity.ERROR, null, null, "whole file", null),
                new LineError(Long.MAX_VALUE, Severity.WARNING, "c", "E1", "m", "v"),
                new LineError(-1, Severity.SKIP, null, x(101), "m", x(1001)));
        assertViolations(() -> create(minimal().errorReport(LineErrorReplacement.all(lines))),
                violation("errorReport[2].line", "must be >= 0"),
                violation("errorReport[2].code", "must be at most 100 characters"),
                violation("errorReport[2].value", "must be at most 1000 characters"));
    }

    @Test
    void aLineErrorMustHaveASeverityItsListReplaces() {
        LineErrorReplacement onlyErrors = new LineErrorReplacement(Set.of(Severity.ERROR),
                List.of(LineError.error(1, "ok"), new LineError(2, Severity.WARNING, null, null, "w", null)));
        ImportJobsException e = assertFails(ErrorCode.VALIDATION, () -> create(minimal().errorReport(onlyErrors)));
        assertEquals(1, e.details().size());
        FieldViolation only = e.details().get(0);
        assertEquals("errorReport[1].severity", only.field());
        assertTrue(only.message().startsWith("must be one of the severities this list replaces"), only.message());
    }

    @Test
    void instantsAreCutToMilliseconds() {
        var at = java.time.Instant.parse("2024-01-01T00:00:00.123456789Z");
        JobFields fields = minimal().createdAt(at).updatedAt(at).startedAt(at).completedAt(at).build();
        var millis = java.time.Instant.parse("2024-01-01T00:00:00.123Z");
        assertEquals(List.of(millis, millis, millis, millis),
                List.of(fields.createdAt(), fields.updatedAt(), fields.startedAt(), fields.completedAt()));
    }
}
