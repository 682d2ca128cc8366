package dev.importjobs.core.service;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.JobState;
import dev.importjobs.core.spi.Modification;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The rules of docs/model.md (status and time, idempotent create, chunks, line errors) as pure functions of (current state, request, now). Stores run them inside their
 * transactions, so a rule is written once here and no store re-implements it.
 */
final class JobRules {
    private final Clock clock;
    private final int maxErrorsPerJob;

    JobRules(Clock clock, int maxErrorsPerJob) {
        this.clock = clock;
        this.maxErrorsPerJob = maxErrorsPerJob;
    }

    /** The job a valid create makes, with its line errors cut to the cap. */
    ImportJob newJob(CreateJobCommand command, String id) {
        Instant now = now();
        JobFields fields = command.fields();
        JobStatus status = command.initialStatus();
        List<LineError> lines = fields.errorReport() == null ? List.of() : fields.errorReport().lines();
        List<LineError> kept = lines.subList(0, Math.min(lines.size(), maxErrorsPerJob));
        Instant startedAt = fields.startedAt() != null ? fields.startedAt()
                : status == JobStatus.IN_PROGRESS ? now : null;
        return ImportJob.builder()
                .id(id)
                .organizationId(command.organizationId())
                .createdBy(fields.createdBy())
                .action(fields.action())
                .status(status)
                .file(fields.file())
                .idempotencyKey(fields.idempotencyKey())
                .workflowId(fields.workflowId())
                .config(fields.config())
                .counters(Counters.of(fields::counter))
                .lastProcessedChunkIndex(fields.lastProcessedChunkIndex())
                .summary(fields.summary())
                .error(fields.error())
                .errorReport(kept)
                .errorReportTruncated(kept.size() < lines.size())
                .startedAt(startedAt)
                .completedAt(fields.completedAt())
                .createdAt(fields.createdAt() != null ? fields.createdAt() : now)
                .updatedAt(fields.updatedAt() != null ? fields.updatedAt() : now)
                .version(1)
                .build();
    }

    /** A partial update; unchanged when it changes nothing (no new version, allowed even on a final job). */
    Modification<Void> update(JobState state, UpdateJobCommand command) {
        ImportJob current = state.job();
        if (command.expectedVersion() != null && command.expectedVersion() != current.version()) {
            throw new ImportJobsException(ErrorCode.VERSION_CONFLICT, "expected version "
                    + command.expectedVersion() + " but the job is at version " + current.version());
        }
        JobFields patch = command.patch();
        JobStatus next = patch.status() == null ? current.status() : patch.parsedStatus();
        Counters was = current.counters();
        Counters counters = Counters.of(counter -> pick(patch.counter(counter), was.get(counter)));
        ImportJob.Builder changed = current.toBuilder()
                .createdBy(current.createdBy().merge(patch.createdBy()))
                .action(pick(patch.action(), current.action()))
                .status(next)
                .file(current.file().merge(patch.file()))
                .idempotencyKey(pick(patch.idempotencyKey(), current.idempotencyKey()))
                .workflowId(pick(patch.workflowId(), current.workflowId()))
                .config(pick(patch.config(), current.config()))
                .counters(counters)
                .lastProcessedChunkIndex(pick(patch.lastProcessedChunkIndex(), current.lastProcessedChunkIndex()))
                .summary(pick(patch.summary(), current.summary()))
                .error(pick(patch.error(), current.error()))
                .startedAt(pick(patch.startedAt(), current.startedAt()))
                .completedAt(pick(patch.completedAt(), current.completedAt()))
                .createdAt(pick(patch.createdAt(), current.createdAt()))
                .updatedAt(pick(patch.updatedAt(), current.updatedAt()));
        LineErrorReplacement replacement = patch.errorReport();
        if (replacement == null && changed.build().equals(current)) {
            return Modification.unchanged(null);
        }
        requireWritable(current);
        current.status().requireCanMoveTo(next);
        if (!counters.withinTotal()) {
            throw ImportJobsException.notWritable("processedRows (" + counters.processedRows()
                    + ") would pass totalRows (" + counters.totalRows() + ")");
        }
        Instant now = now();
        stampStatusTimes(changed, current, next, patch.startedAt() != null, patch.completedAt() != null, now);
        changed.updatedAt(patch.updatedAt() != null ? patch.updatedAt() : now).version(current.version() + 1);
        if (replacement == null) {
            return Modification.write(changed.build(), null);
        }
        long kept = state.lineErrorCount(Set.of()) - state.lineErrorCount(replacement.severities());
        List<LineError> stored = fit(replacement.lines(), kept);
        boolean dropped = stored.size() < replacement.lines().size();
        changed.errorReportTruncated(dropped || (!replacement.replacesAll() && current.errorReportTruncated()));
        return new Modification<>(changed.build(), replacement.severities(), stored, null, null);
    }

    /** Applies a chunk at most once (docs/model.md#chunks-exactly-once); {@code false} when it was recorded before. */
    Modification<Boolean> recordChunk(JobState state, RecordChunkCommand chunk) {
        int index = chunk.chunkIndex();
        if (state.isChunkRecorded(index)) {
            return Modification.unchanged(false);
        }
        ImportJob current = state.job();
        requireWritable(current);
        if (current.status() == JobStatus.FAILED) {
            throw ImportJobsException.notWritable(
                    "the job has failed; set its status to inProgress to resume before recording chunks");
        }
        Counters was = current.counters();
        Counters delta = chunk.counts();
        Counters counters = Counters.of(counter -> counter == Counter.TOTAL_ROWS
                ? pick(delta.totalRows(), was.totalRows())
                : Long.valueOf(add(counter, was.get(counter), delta.get(counter))));
        if (!counters.withinTotal()) {
            throw ImportJobsException.notWritable("processedRows (" + counters.processedRows()
                    + ") would pass totalRows (" + counters.totalRows() + ")");
        }
        Instant now = now();
        ImportJob.Builder changed = current.toBuilder().counters(counters);
        if (current.status() != JobStatus.IN_PROGRESS) {
            changed.status(JobStatus.IN_PROGRESS);
            stampStatusTimes(changed, current, JobStatus.IN_PROGRESS, false, false, now);
        }
        int resumeFrom = current.lastProcessedChunkIndex() == null ? 0 : current.lastProcessedChunkIndex() + 1;
        if (index == resumeFrom) {
            changed.lastProcessedChunkIndex(state.firstUnrecordedChunk(index + 1) - 1);
        }
        List<LineError> stored = fit(chunk.errors(), state.lineErrorCount(Set.of()));
        if (stored.size() < chunk.errors().size()) {
            changed.errorReportTruncated(true);
        }
        changed.updatedAt(now).version(current.version() + 1);
        return new Modification<>(changed.build(), Set.<Severity>of(), stored, index, true);
    }

    private static void requireWritable(ImportJob current) {
        if (current.status().isFinal()) {
            throw ImportJobsException.notWritable("the job is " + current.status().wireName()
                    + " and takes no further change");
        }
    }

    /** Stamps startedAt/completedAt on a status change unless the request gave them itself. */
    private static void stampStatusTimes(ImportJob.Builder changed, ImportJob current, JobStatus next,
            boolean startedGiven, boolean completedGiven, Instant now) {
        if (next == current.status()) {
            return;
        }
        if (next == JobStatus.IN_PROGRESS && current.startedAt() == null && !startedGiven) {
            changed.startedAt(now);
        }
        if (!completedGiven) {
            if (next.isTerminal()) {
                changed.completedAt(now);
            } else if (current.status() == JobStatus.FAILED && next == JobStatus.IN_PROGRESS) {
                changed.completedAt(null);
            }
        }
    }

    /** The first lines that fit beside {@code alreadyStored} under the per-job cap. */
    private List<LineError> fit(List<LineError> lines, long alreadyStored) {
        long room = Math.max(0, maxErrorsPerJob - alreadyStored);
        return room >= lines.size() ? lines : lines.subList(0, (int) room);
    }

    private static long add(Counter counter, long current, long delta) {
        try {
            return Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw ImportJobsException.notWritable(counter.canonicalName() + " would overflow a 64-bit counter");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> T pick(T given, T current) {
        return given != null ? given : current;
    }
}
