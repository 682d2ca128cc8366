package dev.importjobs.http;

import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.service.JobFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One field of the canonical job (docs/model.md#the-job), described once for both styles: its canonical
 * path (the name core's violations use), the kind of JSON value it is, who may write it, the limits core
 * enforces on it, and how to read it off a job. The style tables ({@link RpcView}, {@link RestView}) only
 * name and place these fields; what they describe here is what an OpenAPI schema of either style needs.
 */
final class JobField {
    /** The kind of value; each style picks how a {@link #TIME} is written (docs/api.md). */
    enum Kind { TEXT, INT64, INT32, BOOLEAN, OBJECT, TIME, LINES }

    /** Who writes the field: the client, or the server (an id and its organization name the job itself). */
    enum Access { WRITABLE, KEY, SERVER }

    static final String FILE = "file";
    static final String CREATED_BY = "createdBy";

    static final JobField ID = of("id", Kind.TEXT, ImportJob::id).access(Access.KEY).nonNull();
    static final JobField ORGANIZATION_ID = of("organizationId", Kind.TEXT, ImportJob::organizationId)
            .access(Access.KEY).nonNull();
    static final JobField CREATED_BY_ID = text("createdBy.id", job -> job.createdBy().id())
            .requiredOnCreate().length(1, CreatedBy.MAX_ID);
    static final JobField CREATED_BY_EMAIL = text("createdBy.email", job -> job.createdBy().email())
            .length(0, CreatedBy.MAX_PROFILE_FIELD);
    static final JobField CREATED_BY_FIRST_NAME = text("createdBy.firstName", job -> job.createdBy().firstName())
            .length(0, CreatedBy.MAX_PROFILE_FIELD);
    static final JobField CREATED_BY_LAST_NAME = text("createdBy.lastName", job -> job.createdBy().lastName())
            .length(0, CreatedBy.MAX_PROFILE_FIELD);
    static final JobField CREATED_BY_FULL_NAME = text("createdBy.fullName", job -> job.createdBy().fullName())
            .length(0, CreatedBy.MAX_PROFILE_FIELD);
    static final JobField CREATED_BY_PICTURE = text("createdBy.picture", job -> job.createdBy().picture())
            .length(0, CreatedBy.MAX_PROFILE_FIELD);
    static final JobField ACTION = text("action", ImportJob::action).length(0, JobFields.MAX_ACTION);
    static final JobField STATUS = text("status", job -> job.status().wireName()).nonNull()
            .oneOf(Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList());
    static final JobField FILE_ORIGINAL_NAME = text("file.originalName", job -> job.file().originalName())
            .requiredOnCreate().length(1, FileInfo.MAX_NAME);
    static final JobField FILE_MIMETYPE = text("file.mimetype", job -> job.file().mimetype())
            .length(0, FileInfo.MAX_META);
    static final JobField FILE_SIZE = of("file.size", Kind.INT64, job -> job.file().size()).minimum(0);
    static final JobField FILE_BUCKET = text("file.bucket", job -> job.file().bucket()).length(0, FileInfo.MAX_META);
    static final JobField FILE_KEY = text("file.key", job -> job.file().key()).length(0, FileInfo.MAX_META);
    static final JobField FILE_LOCATION = text("file.location", job -> job.file().location())
            .length(0, FileInfo.MAX_META);
    static final JobField FILE_REGION = text("file.region", job -> job.file().region()).length(0, FileInfo.MAX_META);
    static final JobField FILE_STORAGE_PROVIDER_ID = text("file.storageProviderId",
            job -> job.file().storageProviderId()).length(0, FileInfo.MAX_META);
    static final JobField FILE_CHECKSUM = text("file.checksum", job -> job.file().checksum())
            .length(0, FileInfo.MAX_META);
    static final JobField IDEMPOTENCY_KEY = text("idempotencyKey", ImportJob::idempotencyKey);
    static final JobField WORKFLOW_ID = text("workflowId", ImportJob::workflowId).length(0, JobFields.MAX_WORKFLOW_ID);
    static final JobField CONFIG = of("config", Kind.OBJECT, ImportJob::config);
    static final JobField LAST_PROCESSED_CHUNK_INDEX = of("lastProcessedChunkIndex", Kind.INT32,
            ImportJob::lastProcessedChunkIndex).minimum(0);
    static final JobField SUMMARY = text("summary", ImportJob::summary).length(0, JobFields.MAX_TEXT);
    static final JobField ERROR = text("error", ImportJob::error).length(0, JobFields.MAX_TEXT);
    static final JobField ERROR_REPORT = of("errorReport", Kind.LINES, ImportJob::errorReport).nonNull();
    static final JobField ERROR_REPORT_TRUNCATED = of("errorReportTruncated", Kind.BOOLEAN,
            ImportJob::errorReportTruncated).access(Access.SERVER).nonNull();
    static final JobField ERROR_REPORT_HAS_MORE = of("errorReportHasMore", Kind.BOOLEAN,
            ImportJob::errorReportHasMore).access(Access.SERVER).nonNull();
    static final JobField STARTED_AT = of("startedAt", Kind.TIME, ImportJob::startedAt);
    static final JobField COMPLETED_AT = of("completedAt", Kind.TIME, ImportJob::completedAt);
    static final JobField CREATED_AT = of("createdAt", Kind.TIME, ImportJob::createdAt).nonNull();
    static final JobField UPDATED_AT = of("updatedAt", Kind.TIME, ImportJob::updatedAt).nonNull();
    static final JobField VERSION = of("version", Kind.INT64, ImportJob::version).access(Access.SERVER).nonNull()
            .minimum(1);

    private static final Map<Counter, JobField> COUNTERS = counters();

    /** Every field in the canonical job's order. */
    static final List<JobField> ALL = all();

    final String path;
    final Kind kind;
    final Access access;
    /** Whether a written job may show {@code null} here. */
    final boolean nullable;
    final boolean requiredOnCreate;
    /** Length limits in characters (code points) for text, or {@code null}. */
    final Integer minLength;
    final Integer maxLength;
    final Long minimum;
    /** The values a text field takes, or an empty list. */
    final List<String> values;
    private final Function<ImportJob, Object> value;

    private JobField(String path, Kind kind, Access access, boolean nullable, boolean requiredOnCreate,
            Integer minLength, Integer maxLength, Long minimum, List<String> values, Function<ImportJob, Object> value) {
        this.path = path;
        this.kind = kind;
        this.access = access;
        this.nullable = nullable;
        this.requiredOnCreate = requiredOnCreate;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.minimum = minimum;
        this.values = values;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    private static JobField of(String path, Kind kind, Function<ImportJob, ?> value) {
        return new JobField(path, kind, Access.WRITABLE, true, false, null, null, null, List.of(),
                (Function<ImportJob, Object>) value);
    }

    private static JobField text(String path, Function<ImportJob, String> value) {
        return of(path, Kind.TEXT, value);
    }

    private JobField access(Access to) {
        return new JobField(path, kind, to, nullable, requiredOnCreate, minLength, maxLength, minimum, values, value);
    }

    private JobField nonNull() {
        return new JobField(path, kind, access, false, requiredOnCreate, minLength, maxLength, minimum, values, value);
    }

    private JobField requiredOnCreate() {
        return new JobField(path, kind, access, false, true, minLength, maxLength, minimum, values, value);
    }

    private JobField length(int min, int max) {
        return new JobField(path, kind, access, nullable, requiredOnCreate, min, max, minimum, values, value);
    }

    private JobField minimum(long min) {
        return new JobField(path, kind, access, nullable, requiredOnCreate, minLength, maxLength, min, values, value);
    }

    private JobField oneOf(List<String> allowed) {
        return new JobField(path, kind, access, nullable, requiredOnCreate, minLength, maxLength, minimum,
                allowed, value);
    }

    /** The field of one row counter, named as core names it. */
    static JobField counter(Counter counter) {
        return COUNTERS.get(counter);
    }

    /** The value of this field on {@code job}, as core holds it ({@code null} when unset). */
    Object valueOf(ImportJob job) {
        return value.apply(job);
    }

    /** The object this field lives in ({@link #FILE}, {@link #CREATED_BY}), or {@code null} at the top. */
    String group() {
        int dot = path.indexOf('.');
        return dot < 0 ? null : path.substring(0, dot);
    }

    /** The last step of the path: how a nested object names its member. */
    String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The fields of one group, in order. */
    static List<JobField> inGroup(String group) {
        return ALL.stream().filter(field -> group.equals(field.group())).toList();
    }

    @Override
    public String toString() {
        return path;
    }

    private static Map<Counter, JobField> counters() {
        Map<Counter, JobField> counters = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            JobField field = of(counter.canonicalName(), Kind.INT64, job -> counter.of(job.counters())).minimum(0);
            counters.put(counter, counter.isNullable() ? field : field.nonNull());
        }
        return counters;
    }

    private static List<JobField> all() {
        List<JobField> all = new ArrayList<>(List.of(ID, ORGANIZATION_ID, CREATED_BY_ID, CREATED_BY_EMAIL,
                CREATED_BY_FIRST_NAME, CREATED_BY_LAST_NAME, CREATED_BY_FULL_NAME, CREATED_BY_PICTURE, ACTION, STATUS,
                FILE_ORIGINAL_NAME, FILE_MIMETYPE, FILE_SIZE, FILE_BUCKET, FILE_KEY, FILE_LOCATION, FILE_REGION,
                FILE_STORAGE_PROVIDER_ID, FILE_CHECKSUM, IDEMPOTENCY_KEY, WORKFLOW_ID, CONFIG));
        all.addAll(COUNTERS.values());
        all.addAll(List.of(LAST_PROCESSED_CHUNK_INDEX, SUMMARY, ERROR, ERROR_REPORT, ERROR_REPORT_TRUNCATED,
                ERROR_REPORT_HAS_MORE, STARTED_AT, COMPLETED_AT, CREATED_AT, UPDATED_AT, VERSION));
        return Collections.unmodifiableList(all);
    }
}
