package dev.importjobs.core.service;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.internal.JsonValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to create a job. Valid by construction: the constructor reports every broken rule at once.
 * A job is created as {@code pending} (the default), {@code created} or {@code inProgress}.
 *
 * @param idempotencyKeyRequired whether a missing {@code idempotencyKey} is an error (style A requires one)
 */
public record CreateJobCommand(String organizationId, JobFields fields, boolean idempotencyKeyRequired) {

    public CreateJobCommand {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (fields == null) {
            fields = JobFields.builder().build();
        }
        fields.check(violations, true);
        if (idempotencyKeyRequired && fields.idempotencyKey() == null) {
            violations.add("idempotencyKey", "is required");
        }
        JobStatus status = null;
        try {
            status = fields.parsedStatus();
        } catch (ImportJobsException alreadyReported) {
            // check() has reported the unreadable status
        }
        if (status != null && !JobStatus.INITIAL.contains(status)) {
            violations.add("status", "a job is created as pending, created or inProgress, not " + status.wireName());
        }
        violations.throwIfAny();
    }

    /** A create whose idempotency key is optional. */
    public CreateJobCommand(String organizationId, JobFields fields) {
        this(organizationId, fields, false);
    }

    /** The status the job starts in. */
    public JobStatus initialStatus() {
        JobStatus status = fields.parsedStatus();
        return status == null ? JobStatus.PENDING : status;
    }

    /**
     * A digest of the normalized request: two creates have the same fingerprint exactly when they ask for
     * the same job, whatever their field order, API style or spelling of the status.
     */
    public String fingerprint() {
        // Absent fields are JSON null, which no given value (a string, a number, an object) can equal.
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("organizationId", organizationId);
        var by = fields.createdBy();
        canonical.put("createdBy", Arrays.asList(by.id(), by.email(), by.firstName(),
                by.lastName(), by.fullName(), by.picture()));
        var file = fields.file();
        canonical.put("file", Arrays.asList(file.originalName(), file.mimetype(),
                file.size(), file.bucket(), file.key(), file.location(),
                file.region(), file.storageProviderId(), file.checksum()));
        canonical.put("action", fields.action());
        canonical.put("status", initialStatus().wireName());
        canonical.put("idempotencyKey", fields.idempotencyKey());
        canonical.put("workflowId", fields.workflowId());
        canonical.put("config", fields.config());
        Counters counters = Counters.of(fields::counter);
        canonical.put("counters", Arrays.stream(Counter.values()).map(counters::get).toList());
        canonical.put("lastProcessedChunkIndex", fields.lastProcessedChunkIndex());
        canonical.put("summary", fields.summary());
        canonical.put("error", fields.error());
        canonical.put("errorReport", fields.errorReport() == null ? List.of()
                : fields.errorReport().lines().stream().map(line -> Arrays.asList(line.line(),
                        line.severity().wireName(), line.column(), line.code(), line.message(),
                        line.value())).toList());
        canonical.put("times", Arrays.asList(millis(fields.startedAt()), millis(fields.completedAt()),
                millis(fields.createdAt()), millis(fields.updatedAt())));
        return sha256(JsonValues.writeCanonical(canonical));
    }

    private static Object millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
