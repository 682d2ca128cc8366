package dev.importjobs.http;

import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.JobFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one request body gave for a job's fields, by canonical field, as a {@link JobView} read it; becomes
 * core's {@link JobFields}. It also remembers where each line error came from, so core's
 * {@code errorReport[k]} can be named as the client wrote it (docs/model.md#line-errors).
 */
final class JobDraft {
    private static final Pattern LINE_PATH = Pattern.compile("errorReport\\[(\\d+)]\\.?(.*)");

    private final UnaryOperator<String> rename;
    private final Map<JobField, Object> values = new HashMap<>();
    private final Set<String> groups = new HashSet<>();
    private Set<Severity> severities;
    private final List<LineError> lines = new ArrayList<>();
    private final List<String> origins = new ArrayList<>();
    private final List<LineShape> shapes = new ArrayList<>();

    /** {@code rename}: the style's names for canonical paths, for everything but the lines read here. */
    JobDraft(UnaryOperator<String> rename) {
        this.rename = rename;
    }

    /** Records a given value; {@code null} is "not given". */
    void put(JobField field, Object value) {
        if (value != null) {
            values.put(field, value);
            if (field.group() != null) {
                groups.add(field.group());
            }
        }
    }

    Object get(JobField field) {
        return values.get(field);
    }

    /** The object {@code group} ({@code file}, {@code createdBy}) was given, even if empty. */
    void given(String group) {
        groups.add(group);
    }

    /**
     * Adds a given list of line errors: it replaces the stored lines of {@code replaced}; {@code path} is
     * where the list sits in the body, {@code shape} how its elements name their parts.
     */
    void lines(Set<Severity> replaced, List<LineError> given, String path, LineShape shape) {
        if (severities == null) {
            severities = EnumSet.noneOf(Severity.class);
        }
        severities.addAll(replaced);
        for (int i = 0; i < given.size(); i++) {
            lines.add(given.get(i));
            origins.add(path + "[" + i + "]");
            shapes.add(shape);
        }
    }

    /** The fields as core takes them. */
    JobFields fields() {
        JobFields.Builder fields = JobFields.builder()
                .action(text(JobField.ACTION))
                .status(text(JobField.STATUS))
                .idempotencyKey(text(JobField.IDEMPOTENCY_KEY))
                .workflowId(text(JobField.WORKFLOW_ID))
                .lastProcessedChunkIndex((Integer) values.get(JobField.LAST_PROCESSED_CHUNK_INDEX))
                .summary(text(JobField.SUMMARY))
                .error(text(JobField.ERROR))
                .startedAt(time(JobField.STARTED_AT))
                .completedAt(time(JobField.COMPLETED_AT))
                .createdAt(time(JobField.CREATED_AT))
                .updatedAt(time(JobField.UPDATED_AT));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) values.get(JobField.CONFIG);
        fields.config(config);
        for (Counter counter : Counter.values()) {
            fields.counter(counter, (Long) values.get(JobField.counter(counter)));
        }
        if (groups.contains(JobField.FILE)) {
            fields.file(new FileInfo(text(JobField.FILE_ORIGINAL_NAME), text(JobField.FILE_MIMETYPE),
                    (Long) values.get(JobField.FILE_SIZE), text(JobField.FILE_BUCKET), text(JobField.FILE_KEY),
                    text(JobField.FILE_LOCATION), text(JobField.FILE_REGION), text(JobField.FILE_STORAGE_PROVIDER_ID),
                    text(JobField.FILE_CHECKSUM)));
        }
        if (groups.contains(JobField.CREATED_BY)) {
            fields.createdBy(new CreatedBy(text(JobField.CREATED_BY_ID), text(JobField.CREATED_BY_EMAIL),
                    text(JobField.CREATED_BY_FIRST_NAME), text(JobField.CREATED_BY_LAST_NAME),
                    text(JobField.CREATED_BY_FULL_NAME), text(JobField.CREATED_BY_PICTURE)));
        }
        if (severities != null) {
            fields.errorReport(new LineErrorReplacement(severities, lines));
        }
        return fields.build();
    }

    /**
     * Names a canonical path as this request's body named it: {@code errorReport[k].message} becomes the
     * list and element line {@code k} came from ({@code report.erroredLines[2].reason} in style B).
     */
    UnaryOperator<String> rename() {
        if (origins.isEmpty()) {
            return rename;
        }
        return path -> {
            Matcher matcher = LINE_PATH.matcher(path);
            if (!matcher.matches()) {
                return rename.apply(path);
            }
            int index = Integer.parseInt(matcher.group(1));
            if (index >= origins.size()) {
                return rename.apply(JobField.ERROR_REPORT.path);
            }
            String part = matcher.group(2);
            return part.isEmpty() ? origins.get(index) : origins.get(index) + "." + shapes.get(index).nameOf(part);
        };
    }

    private String text(JobField field) {
        return (String) values.get(field);
    }

    private Instant time(JobField field) {
        return (Instant) values.get(field);
    }
}
