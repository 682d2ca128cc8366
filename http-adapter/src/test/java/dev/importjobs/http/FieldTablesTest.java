package dev.importjobs.http;

import static dev.importjobs.http.TestServer.ORG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.query.SortField;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.JobFields;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.jr.ob.JSON;

/**
 * The field tables of both styles (docs/design.md, "HTTP decisions"): what each writes reads back as the
 * same job fields, what they declare about every field (JSON type, format, nullability, limits) is what
 * they write and what core enforces, and core's paths are renamed to where each style puts the field.
 */
class FieldTablesTest {
    /** How style B writes every time: milliseconds and {@code Z} (docs/api.md#style-b--rest). */
    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00.123Z");
    private static final List<LineError> LINES = List.of(
            new LineError(1, Severity.ERROR, "sku", "E1", "bad, \"quoted\"", "x"),
            new LineError(2, Severity.ERROR, null, null, "worse", null),
            new LineError(3, Severity.SKIP, "c", null, "duplicate", null),
            new LineError(0, Severity.WARNING, null, "W", "the file as a whole", "v"));
    private static final ImportJob FULL = ImportJob.builder()
            .id("0123456789abcdef01234567").organizationId(ORG)
            .createdBy(new CreatedBy("user_1", "ada@example.com", "Ada", "Lovelace", "Ada Lovelace", "https://p/a.png"))
            .action("upsert").status(JobStatus.IN_PROGRESS)
            .file(new FileInfo("items.csv", "text/csv", 1234L, "bucket", "key/items.csv", "https://s/items.csv",
                    "eu-west-1", "s3", "sha256:ab"))
            .idempotencyKey("key-1").workflowId("wf-1").config(config())
            .counters(new Counters(100L, 60, 50, 30, 20, 5, 3, 2))
            .lastProcessedChunkIndex(5).summary("summary").error("error").errorReport(LINES)
            .errorReportTruncated(true).errorReportHasMore(true)
            .startedAt(T0).completedAt(T0.plusSeconds(60)).createdAt(T0.minusSeconds(60)).updatedAt(T0.plusSeconds(61))
            .version(7).build();
    /** Only what a job cannot be without. */
    private static final ImportJob MINIMAL = ImportJob.builder().id("0123456789abcdef01234568").organizationId(ORG)
            .createdBy(CreatedBy.of("user_1")).file(FileInfo.named("items.csv")).createdAt(T0).updatedAt(T0).build();

    private static Map<String, Object> config() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", List.of("c", true));
        nested.put("none", null);
        return Map.of("a", nested, "mode", "strict");
    }

    private static Map<String, Object> written(JobView view, ImportJob job) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = Json.generator(bytes)) {
            view.write(out, job);
        }
        return JSON.std.mapFrom(bytes.toString(StandardCharsets.UTF_8));
    }

    /** The fields a full job gives when sent back in each style: style A is flat, so of file and creator only the name and id. */
    private static JobFields expected(Style style) {
        JobFields.Builder fields = JobFields.builder()
                .createdBy(style == Style.B ? FULL.createdBy() : CreatedBy.of("user_1"))
                .file(style == Style.B ? FULL.file() : FileInfo.named("items.csv"))
                .action("upsert").status("inProgress").idempotencyKey("key-1").workflowId("wf-1").config(config())
                .lastProcessedChunkIndex(5).summary("summary").error("error")
                .errorReport(LineErrorReplacement.all(LINES))
                .startedAt(FULL.startedAt()).completedAt(FULL.completedAt())
                .createdAt(FULL.createdAt()).updatedAt(FULL.updatedAt());
        for (Counter counter : Counter.values()) {
            fields.counter(counter, FULL.counters().get(counter));
        }
        return fields.build();
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void whatAStyleWritesReadsBackAsTheSameFields(Style style) {
        Fields body = Fields.root(written(style.view(), FULL));

        JobDraft draft = style.view().read(body, new JobView.Target(FULL.organizationId(), FULL.id()));
        body.rejectUnknown();

        assertEquals(expected(style), draft.fields());
        if (style == Style.B) {
            body.throwIfAny();
        } else {
            // Style A's data addresses a job by id and organization and takes none of the server's fields.
            HttpProblem problem = assertThrows(HttpProblem.class, body::throwIfAny);
            assertEquals(Map.of("id", "is not a known field", "organizationId", "is not a known field",
                    "errorReportTruncated", "is not a known field", "errorReportHasMore", "is not a known field",
                    "version", "is not a known field"),
                    problem.details.stream().collect(Collectors.toMap(FieldViolation::field, FieldViolation::message)));
        }
    }

    @Test
    void styleBShowsEveryFieldAndStyleAAllButTheFilesAndCreatorsDetails() {
        List<JobField> inB = fieldsOf(Style.B.view().nodes);
        assertEquals(Set.copyOf(JobField.ALL), Set.copyOf(inB));
        assertEquals(JobField.ALL.size() + 2, inB.size(), "only the line errors are in more than one place");
        List<JobField> missingInA = new ArrayList<>(JobField.ALL);
        missingInA.removeAll(fieldsOf(Style.A.view().nodes));
        assertEquals(List.of(JobField.CREATED_BY_EMAIL, JobField.CREATED_BY_FIRST_NAME, JobField.CREATED_BY_LAST_NAME,
                JobField.CREATED_BY_FULL_NAME, JobField.CREATED_BY_PICTURE, JobField.FILE_MIMETYPE, JobField.FILE_SIZE,
                JobField.FILE_BUCKET, JobField.FILE_KEY, JobField.FILE_LOCATION, JobField.FILE_REGION,
                JobField.FILE_STORAGE_PROVIDER_ID, JobField.FILE_CHECKSUM), missingInA);
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void everyWrittenValueIsWhatTheTableDeclares(Style style) {
        for (ImportJob job : List.of(FULL, MINIMAL)) {
            conforms(style.view().nodes, written(style.view(), job), "");
        }
    }

    /** The names in table order, and each value of its declared type, format, limits and nullability. */
    private static void conforms(List<JobView.Node> nodes, Map<String, Object> json, String at) {
        assertEquals(nodes.stream().map(JobView.Node::name).toList(), List.copyOf(json.keySet()), at);
        for (JobView.Node node : nodes) {
            Object value = json.get(node.name());
            String path = at + node.name();
            if (node instanceof JobView.Group group) {
                conforms(group.members(), TestServer.map(value), path + ".");
            } else if (node instanceof JobView.Leaf leaf) {
                conforms(leaf, value, path);
            }
        }
    }

    private static void conforms(JobView.Leaf leaf, Object value, String path) {
        JobField field = leaf.field();
        if (value == null) {
            assertTrue(field.nullable, path + " is declared non-null");
            return;
        }
        switch (leaf.codec().type()) {
            case "string" -> {
                String text = assertInstanceOf(String.class, value, path);
                if ("date-time".equals(leaf.codec().format())) {
                    assertTrue(ISO_MILLIS.matcher(text).matches(), path + ": " + text);
                    OffsetDateTime.parse(text);
                }
                assertTrue(field.maxLength == null || text.codePointCount(0, text.length()) <= field.maxLength, path);
                assertTrue(field.values.isEmpty() || field.values.contains(text), path);
            }
            case "integer" -> {
                long number = TestServer.number(value);
                if ("int32".equals(leaf.codec().format())) {
                    assertInstanceOf(Integer.class, value, path);
                }
                assertTrue(field.minimum == null || number >= field.minimum, path);
            }
            case "boolean" -> assertInstanceOf(Boolean.class, value, path);
            case "object" -> assertInstanceOf(Map.class, value, path);
            case "array" -> {
                Codec.Lines lines = assertInstanceOf(Codec.Lines.class, leaf.codec(), path);
                for (Map<String, Object> line : TestServer.list(value)) {
                    conforms(lines.shape(), line, path);
                }
            }
            default -> throw new AssertionError(path + ": no JSON type " + leaf.codec().type());
        }
    }

    private static void conforms(LineShape shape, Map<String, Object> line, String path) {
        List<String> names = shape.members.stream().map(LineShape.Member::name).toList();
        assertTrue(names.containsAll(line.keySet()), path + " has only its shape's members: " + line);
        for (LineShape.Member member : shape.members) {
            Object value = line.get(member.name());
            assertTrue(value != null || !member.part().alwaysWritten, path + "." + member.name() + " is always written");
            if (value instanceof String text && member.part().maxLength != null) {
                assertTrue(text.length() <= member.part().maxLength, path + "." + member.name());
            }
        }
    }

    private static List<JobField> fieldsOf(List<JobView.Node> nodes) {
        List<JobField> fields = new ArrayList<>();
        for (JobView.Node node : nodes) {
            if (node instanceof JobView.Leaf leaf) {
                fields.add(leaf.field());
            } else if (node instanceof JobView.Group group) {
                fields.addAll(fieldsOf(group.members()));
            }
        }
        return fields;
    }

    /** Each leaf with its path in the style, for walking a table. */
    private static void leaves(List<JobView.Node> nodes, String at, BiConsumer<String, JobView.Leaf> visit) {
        for (JobView.Node node : nodes) {
            if (node instanceof JobView.Leaf leaf) {
                visit.accept(at + leaf.name(), leaf);
            } else if (node instanceof JobView.Group group) {
                leaves(group.members(), at + group.name() + ".", visit);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void coresPathsAreRenamedToWhereTheStylePutsTheField(Style style) {
        leaves(style.view().nodes, "", (path, leaf) -> {
            String expected = style == Style.B && leaf.field() == JobField.ERROR_REPORT ? "report" : path;
            assertEquals(expected, style.view().rename(leaf.field().path), leaf.field().path);
        });
        assertEquals(style == Style.A ? "pageSize" : "limit", style.view().rename(Parameter.LIMIT.canonicalName));
        assertEquals(style == Style.A ? "importScope" : "action", style.view().rename(Parameter.ACTION.canonicalName));
    }

    /** The sort names core accepts (in either style) are the names the two tables give those fields. */
    @Test
    void everySortFieldIsNamedAsTheTablesNameItsField() {
        for (SortField sort : SortField.values()) {
            Set<String> names = Arrays.stream(SortField.ALLOWED.split(", "))
                    .filter(name -> SortField.named(name) == sort).collect(Collectors.toSet());
            JobField field = JobField.ALL.stream().filter(f -> names.contains(f.path)).findFirst()
                    .orElseThrow(() -> new AssertionError(sort + " sorts by no field of the tables: " + names));
            assertEquals(Arrays.stream(Style.values()).map(style -> style.view().rename(field.path)).collect(Collectors.toSet()), names,
                    sort::name);
        }
    }

    /**
     * The limits and requirements each table declares are the ones core enforces: one past a limit is
     * refused, naming the field as the style does; at the limit it is not.
     */
    @ParameterizedTest
    @EnumSource(Style.class)
    void theDeclaredLimitsAreCoresAndViolationsNameTheStylesField(Style style) {
        List<String> checked = new ArrayList<>();
        leaves(style.view().nodes, "", (path, leaf) -> {
            JobField field = leaf.field();
            if (field.access != JobField.Access.WRITABLE) {
                return;
            }
            if (field.maxLength != null) {
                String message = field.minLength == 0 ? "must be at most " + field.maxLength + " characters"
                        : "must be " + field.minLength + ".." + field.maxLength + " characters";
                assertEquals(List.of(message), violations(style, path, "x".repeat(field.maxLength + 1)), path);
                assertEquals(List.of(), violations(style, path, "x".repeat(field.maxLength)), path);
                checked.add(path);
            }
            if (field.minimum != null) {
                assertEquals(List.of("must be >= " + field.minimum), violations(style, path, field.minimum - 1), path);
                checked.add(path);
            }
            if (field.requiredOnCreate) {
                assertEquals(List.of("is required"), violations(style, path, null), path);
                checked.add(path);
            }
            if (leaf.codec() instanceof Codec.Lines lines) {
                for (LineShape.Member member : lines.shape().members) {
                    Integer max = member.part().maxLength;
                    if (max != null) {
                        String element = path + "[0]." + member.name();
                        String message = member.part() == LineShape.Part.MESSAGE ? "must be 1.." + max + " characters"
                                : "must be at most " + max + " characters";
                        assertEquals(List.of(message), lineViolations(style, lines, path, member, max + 1), element);
                        assertEquals(List.of(), lineViolations(style, lines, path, member, max), element);
                        checked.add(element);
                    }
                }
            }
        });
        assertEquals(style == Style.A ? 21 : 42, checked.size(), () -> "checked: " + checked);
    }

    /** A valid create of the style with {@code value} at {@code path} ({@code null} removes it). */
    private static Map<String, Object> create(Style style, String path, Object value) {
        Map<String, Object> body = style == Style.A
                ? new LinkedHashMap<>(Map.of("createdByStackUserId", "user_1", "fileName", "items.csv"))
                : new LinkedHashMap<>(Map.of("file", new LinkedHashMap<>(Map.of("originalName", "items.csv")),
                        "createdBy", new LinkedHashMap<>(Map.of("id", "user_1"))));
        put(body, path, value);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> body, String path, Object value) {
        int dot = path.indexOf('.');
        if (dot > 0) {
            put((Map<String, Object>) body.computeIfAbsent(path.substring(0, dot), k -> new LinkedHashMap<>()),
                    path.substring(dot + 1), value);
        } else if (value == null) {
            body.remove(path);
        } else {
            body.put(path, value);
        }
    }

    /** What core says about {@code path} when the body's value there is {@code value}. */
    private static List<String> violations(Style style, String path, Object value) {
        return reasons(style, create(style, path, value), path);
    }

    private static List<String> lineViolations(Style style, Codec.Lines lines, String path, LineShape.Member member,
            int length) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("line", 1);
        line.put(lines.shape().nameOf("message"), "m");
        line.put(member.name(), "x".repeat(length));
        return reasons(style, create(style, path, List.of(line)), path + "[0]." + member.name());
    }

    private static List<String> reasons(Style style, Map<String, Object> json, String path) {
        Fields body = Fields.root(json);
        JobDraft draft = style.view().read(body, JobView.Target.NONE);
        body.rejectUnknown();
        body.throwIfAny();
        try {
            new CreateJobCommand(ORG, draft.fields());
            return List.of();
        } catch (ImportJobsException e) {
            Set<String> paths = e.details().stream().map(d -> draft.rename().apply(d.field())).collect(Collectors.toSet());
            assertTrue(paths.equals(Set.of(path)), () -> "only " + path + " is named: " + paths);
            return e.details().stream().map(FieldViolation::message).toList();
        }
    }
}
