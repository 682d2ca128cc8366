package dev.importjobs.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CreateJobCommandFingerprintTest {
    private static final String ORG = "org_123";
    private static final Instant T = Instant.parse("2024-01-01T00:00:00.000Z");

    private static String fingerprint(JobFields.Builder fields) {
        return new CreateJobCommand(ORG, fields.build()).fingerprint();
    }

    private static JobFields.Builder minimal() {
        return JobFields.builder().createdBy("user_1").fileName("items.csv");
    }

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** A create with every field set, all valid. */
    private static JobFields.Builder full() {
        return JobFields.builder()
                .createdBy(new CreatedBy("user_1", "a@b.c", "Ada", "Lovelace", "Ada Lovelace", "https://p/1.png"))
                .action("inventory")
                .status("created")
                .file(new FileInfo("items.csv", "text/csv", 1234L, "bucket", "key/1", "https://s/1", "eu-west-1",
                        "s3", "sha256:ab"))
                .idempotencyKey("key-1")
                .workflowId("wf-1")
                .config(config("a", 1L, "b", config("c", List.of("x", "y"))))
                .totalRows(100L)
                .processedRows(10L)
                .successCount(9L)
                .insertCount(5L)
                .updateCount(4L)
                .skipCount(1L)
                .warningCount(2L)
                .errorCount(3L)
                .lastProcessedChunkIndex(4)
                .summary("summary")
                .error("error")
                .errorReport(LineErrorReplacement.all(List.of(
                        new LineError(1, Severity.ERROR, "col", "E1", "bad", "v"),
                        new LineError(2, Severity.WARNING, null, null, "meh", null))))
                .startedAt(T.plusSeconds(1))
                .completedAt(T.plusSeconds(2))
                .createdAt(T)
                .updatedAt(T.plusSeconds(3));
    }

    @Test
    void aFingerprintIsASha256InHex() {
        String fingerprint = fingerprint(full());
        assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
        assertEquals(fingerprint, fingerprint(full()));
    }

    @Test
    void spellingsOfOneStatusHaveOneFingerprint() {
        String inProgress = fingerprint(minimal().status("inProgress"));
        for (String spelling : List.of("ACTIVE", "active", "IN_PROGRESS", "in-progress", "InProgress")) {
            assertEquals(inProgress, fingerprint(minimal().status(spelling)), spelling);
        }
        assertEquals(fingerprint(minimal()), fingerprint(minimal().status("pending")));
        assertEquals(fingerprint(minimal()), fingerprint(minimal().status("PENDING")));
    }

    @Test
    void configKeyOrderDoesNotMatter() {
        Map<String, Object> one = config("a", 1L, "b", config("y", true, "x", List.of(config("q", 1L, "p", 2L))));
        Map<String, Object> two = new HashMap<>();
        two.put("b", config("x", List.of(config("p", 2L, "q", 1L)), "y", true));
        two.put("a", 1);
        assertEquals(fingerprint(minimal().config(one)), fingerprint(minimal().config(two)));
    }

    @Test
    void anAbsentCounterIsZero() {
        assertEquals(fingerprint(minimal()), fingerprint(minimal().processedRows(0L).successCount(0L).insertCount(0L)
                .updateCount(0L).skipCount(0L).warningCount(0L).errorCount(0L)));
    }

    @Test
    void whetherTheKeyIsRequiredDoesNotMatter() {
        JobFields fields = minimal().idempotencyKey("k").build();
        assertEquals(new CreateJobCommand(ORG, fields, true).fingerprint(),
                new CreateJobCommand(ORG, fields, false).fingerprint());
    }

    @Test
    void instantsCountToTheMillisecond() {
        assertEquals(fingerprint(minimal().createdAt(T.plusNanos(999_999))), fingerprint(minimal().createdAt(T)));
        assertNotEquals(fingerprint(minimal().createdAt(T.plusMillis(1))), fingerprint(minimal().createdAt(T)));
    }

    @Test
    void noLineErrorsIsTheSameAsAnEmptyList() {
        assertEquals(fingerprint(minimal()), fingerprint(minimal().errorReport(LineErrorReplacement.all(List.of()))));
    }

    private record Variant(String name, String organizationId, Consumer<JobFields.Builder> change) {
        Variant(String name, Consumer<JobFields.Builder> change) {
            this(name, ORG, change);
        }
    }

    private static CreatedBy by(int index, String value) {
        String[] parts = {"user_1", "a@b.c", "Ada", "Lovelace", "Ada Lovelace", "https://p/1.png"};
        parts[index] = value;
        return new CreatedBy(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    private static FileInfo file(int index, String value) {
        String[] parts = {"items.csv", "text/csv", "bucket", "key/1", "https://s/1", "eu-west-1", "s3", "sha256:ab"};
        parts[index] = value;
        return new FileInfo(parts[0], parts[1], 1234L, parts[2], parts[3], parts[4], parts[5], parts[6], parts[7]);
    }

    private static LineErrorReplacement lines(LineError... lines) {
        return LineErrorReplacement.all(List.of(lines));
    }

    @Test
    void changingAnyOneFieldChangesTheFingerprint() {
        LineError first = new LineError(1, Severity.ERROR, "col", "E1", "bad", "v");
        LineError second = new LineError(2, Severity.WARNING, null, null, "meh", null);
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("organizationId", "org_124", b -> { }),
                new Variant("action", b -> b.action("users")),
                new Variant("no action", b -> b.action(null)),
                new Variant("empty action", b -> b.action("")),
                new Variant("status", b -> b.status("inProgress")),
                new Variant("no status", b -> b.status((String) null)),
                new Variant("file.size", b -> b.file(new FileInfo("items.csv", "text/csv", 1235L, "bucket", "key/1",
                        "https://s/1", "eu-west-1", "s3", "sha256:ab"))),
                new Variant("no file.size", b -> b.file(new FileInfo("items.csv", "text/csv", null, "bucket", "key/1",
                        "https://s/1", "eu-west-1", "s3", "sha256:ab"))),
                new Variant("idempotencyKey", b -> b.idempotencyKey("key-2")),
                new Variant("no idempotencyKey", b -> b.idempotencyKey(null)),
                new Variant("workflowId", b -> b.workflowId("wf-2")),
                new Variant("no workflowId", b -> b.workflowId(null)),
                new Variant("config value", b -> b.config(config("a", 2L, "b", config("c", List.of("x", "y"))))),
                new Variant("config list order", b -> b.config(config("a", 1L, "b", config("c", List.of("y", "x"))))),
                new Variant("config string for number", b -> b.config(config("a", "1", "b", config("c", List.of("x", "y"))))),
                new Variant("empty config", b -> b.config(Map.of())),
                new Variant("no config", b -> b.config(null)),
                new Variant("totalRows", b -> b.totalRows(101L)),
                new Variant("no totalRows", b -> b.totalRows(null)),
                new Variant("processedRows", b -> b.processedRows(11L)),
                new Variant("successCount", b -> b.successCount(8L)),
                new Variant("insertCount", b -> b.insertCount(6L)),
                new Variant("updateCount", b -> b.updateCount(3L)),
                new Variant("skipCount", b -> b.skipCount(0L)),
                new Variant("warningCount", b -> b.warningCount(1L)),
                new Variant("errorCount", b -> b.errorCount(4L)),
                new Variant("lastProcessedChunkIndex", b -> b.lastProcessedChunkIndex(5)),
                new Variant("no lastProcessedChunkIndex", b -> b.lastProcessedChunkIndex(null)),
                new Variant("summary", b -> b.summary("other")),
                new Variant("no summary", b -> b.summary(null)),
                new Variant("error", b -> b.error("other")),
                new Variant("no error", b -> b.error(null)),
                new Variant("line order", b -> b.errorReport(lines(second, first))),
                new Variant("one line less", b -> b.errorReport(lines(first))),
                new Variant("no lines", b -> b.errorReport(null)),
                new Variant("line number", b -> b.errorReport(lines(new LineError(3, Severity.ERROR, "col", "E1",
                        "bad", "v"), second))),
                new Variant("line severity", b -> b.errorReport(lines(new LineError(1, Severity.SKIP, "col", "E1",
                        "bad", "v"), second))),
                new Variant("line column", b -> b.errorReport(lines(new LineError(1, Severity.ERROR, null, "E1",
                        "bad", "v"), second))),
                new Variant("line code", b -> b.errorReport(lines(new LineError(1, Severity.ERROR, "col", "E2",
                        "bad", "v"), second))),
                new Variant("line message", b -> b.errorReport(lines(new LineError(1, Severity.ERROR, "col", "E1",
                        "worse", "v"), second))),
                new Variant("line value", b -> b.errorReport(lines(new LineError(1, Severity.ERROR, "col", "E1",
                        "bad", "w"), second))),
                new Variant("startedAt", b -> b.startedAt(T.plusSeconds(9))),
                new Variant("no startedAt", b -> b.startedAt(null)),
                new Variant("completedAt", b -> b.completedAt(T.plusSeconds(9))),
                new Variant("no completedAt", b -> b.completedAt(null)),
                new Variant("createdAt", b -> b.createdAt(T.plusMillis(1))),
                new Variant("no createdAt", b -> b.createdAt(null)),
                new Variant("updatedAt", b -> b.updatedAt(T.plusSeconds(9))),
                new Variant("no updatedAt", b -> b.updatedAt(null))));
        String[] profile = {"createdBy.id", "createdBy.email", "createdBy.firstName", "createdBy.lastName",
            "createdBy.fullName", "createdBy.picture"};
        for (int i = 0; i < profile.length; i++) {
            int index = i;
            variants.add(new Variant(profile[i], b -> b.createdBy(by(index, "changed"))));
            if (i > 0) {
                variants.add(new Variant("no " + profile[i], b -> b.createdBy(by(index, null))));
            }
        }
        String[] file = {"file.originalName", "file.mimetype", "file.bucket", "file.key", "file.location",
            "file.region", "file.storageProviderId", "file.checksum"};
        for (int i = 0; i < file.length; i++) {
            int index = i;
            variants.add(new Variant(file[i], b -> b.file(file(index, "changed"))));
            if (i > 0) {
                variants.add(new Variant("no " + file[i], b -> b.file(file(index, null))));
            }
        }

        Map<String, String> seen = new HashMap<>();
        seen.put(new CreateJobCommand(ORG, full().build()).fingerprint(), "the full create");
        for (Variant variant : variants) {
            JobFields.Builder fields = full();
            variant.change.accept(fields);
            String fingerprint = new CreateJobCommand(variant.organizationId, fields.build()).fingerprint();
            String earlier = seen.put(fingerprint, variant.name);
            assertEquals(null, earlier, () -> variant.name + " has the fingerprint of " + earlier);
        }
        assertEquals(variants.size() + 1, seen.size());
    }

    /**
     * Text holding U+0000 never reaches a fingerprint (docs/model.md#the-job refuses it), so the texts that
     * once came closest to an absent field's encoding ({@code "\u0000null"}) are refused first.
     */
    @Test
    void anAbsentFieldDiffersFromAnyTextItCouldHold() {
        for (String text : List.of("\u0000null", "\u0000")) {
            ImportJobsException refused = assertThrows(ImportJobsException.class, () -> fingerprint(minimal().action(text)));
            assertEquals(ErrorCode.VALIDATION, refused.code());
        }
        for (String text : List.of("null", "", "\\u0000null", "u0000")) {
            assertNotEquals(fingerprint(minimal()), fingerprint(minimal().action(text)), "action " + text);
            assertNotEquals(fingerprint(minimal()), fingerprint(minimal().workflowId(text)), "workflowId " + text);
            assertNotEquals(fingerprint(minimal()), fingerprint(minimal().summary(text)), "summary " + text);
            assertNotEquals(fingerprint(minimal()), fingerprint(minimal().error(text)), "error " + text);
            assertNotEquals(fingerprint(minimal()),
                    fingerprint(minimal().createdBy(new CreatedBy("user_1", text, null, null, null, null))),
                    "createdBy.email " + text);
        }
    }

    @Test
    void anUnknownTotalDiffersFromAZeroTotal() {
        assertNotEquals(fingerprint(minimal()), fingerprint(minimal().totalRows(0L)));
    }

    /**
     * Config numbers were doubles until they were kept exactly; a job stored then keeps the fingerprint it
     * was given, so a replay of its create still matches. The digest below was made by that code, from these
     * numbers as doubles; now they arrive as the exact decimals of the same text.
     */
    @Test
    void numbersThatWereDoublesBeforeKeepTheirFingerprint() {
        String before = "89663c1bb08cd16f04ced960e80e6a01a82d6bc69a416d1b9713656dd6d3a26b";
        List<String> texts = List.of("1.5", "1000.0", "1.0E-7", "1.234E10", "-0.0", "0.1", "-2.75", "1.0E22", "123456.789");

        List<Object> exact = new ArrayList<>();
        List<Object> doubles = new ArrayList<>();
        for (String text : texts) {
            exact.add(text.equals("-0.0") ? -0.0 : new BigDecimal(text));
            doubles.add(Double.parseDouble(text));
        }

        assertEquals(before, fingerprint(minimal().config(config("numbers", exact, "integer", 7L))));
        assertEquals(before, fingerprint(minimal().config(config("numbers", doubles, "integer", 7L))));
    }

    /** Equal values are the same create whatever their scale or notation; different values are not. */
    @Test
    void configNumbersAreComparedByExactValue() {
        String thousand = fingerprint(minimal().config(config("n", new BigDecimal("1000.0"))));
        assertEquals(thousand, fingerprint(minimal().config(config("n", new BigDecimal("1e3")))));
        assertEquals(thousand, fingerprint(minimal().config(config("n", new BigDecimal("1000.000")))));
        assertNotEquals(fingerprint(minimal().config(config("n", new BigDecimal("0.1")))),
                fingerprint(minimal().config(config("n", new BigDecimal("0.1000000000000000055511151231257827")))));
        assertNotEquals(fingerprint(minimal().config(config("n", new BigDecimal("0")))),
                fingerprint(minimal().config(config("n", new BigDecimal("1E-400")))));
    }
}
