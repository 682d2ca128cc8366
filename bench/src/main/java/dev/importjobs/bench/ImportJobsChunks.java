package dev.importjobs.bench;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.spi.JobStore;
import java.util.List;

/**
 * Our store through the core use case: {@code ImportJobs.recordChunk}, rules and all. One job's chunks
 * serialise in the store's {@code modify}, whatever the number of threads sending them. Closes the store.
 */
final class ImportJobsChunks implements ChunkRecorder<String> {
    private final JobStore store;
    private final ImportJobs jobs;
    private final int lineErrors;

    ImportJobsChunks(JobStore store, int lineErrors) {
        this.store = store;
        // No cap on stored line errors: every chunk stores its lines, as the other competitors do, however long
        // the run (the default cap of 1,000 would stop storing them after 100 chunks of 10).
        this.jobs = ImportJobs.builder(store).maxErrorsPerJob(Integer.MAX_VALUE).build();
        this.lineErrors = lineErrors;
    }

    @Override
    public String newJob() {
        String id = jobs.create(new CreateJobCommand(ORGANIZATION,
                JobFields.builder().createdBy("bench").fileName("items.csv").action("import-items").build())).job().id();
        record(id, 0);
        return id;
    }

    @Override
    public Object record(String job, int index) {
        return jobs.recordChunk(chunk(job, index));
    }

    @Override
    public Object retry(String job) {
        return jobs.recordChunk(chunk(job, 0));
    }

    @Override
    public Totals totals(String job) {
        ImportJob stored = jobs.get(new JobRef(ORGANIZATION, job));
        long lines = jobs.listLineErrors(ListLineErrorsQuery.parse(ORGANIZATION, job, "1", "1", null)).totalDocs();
        return new Totals(stored.counters().processedRows(), stored.counters().errorCount(), lines);
    }

    private RecordChunkCommand chunk(String job, int index) {
        List<LineError> errors = lineErrors == 0 ? List.of() : ChunkRecorder.lineErrors(lineErrors, index);
        return RecordChunkCommand.builder(ORGANIZATION, job).chunkIndex(index).rows(ROWS)
                .successCount(ROWS - lineErrors).insertCount(INSERTED).updateCount(ROWS - INSERTED - lineErrors)
                .skipCount(0L).warningCount(0L).errorCount((long) lineErrors).errors(errors).build();
    }

    @Override
    public void close() {
        store.close();
    }
}
