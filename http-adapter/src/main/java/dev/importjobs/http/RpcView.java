package dev.importjobs.http;

import dev.importjobs.core.model.Counter;

/**
 * Style A's table of a job (docs/api.md#style-a--rpc): flat names, epoch-millisecond times, line errors in
 * their canonical shape. Only the client's fields are read; {@code id} and {@code organizationId} address
 * the job in the data of each call.
 */
final class RpcView {
    static final JobView JOB = parameters(JobView.builder("job", Codec.Scalar.EPOCH_MILLIS, false))
            .same(JobField.ID, JobField.ORGANIZATION_ID)
            .field("createdByStackUserId", JobField.CREATED_BY_ID)
            .field("importScope", JobField.ACTION)
            .same(JobField.STATUS)
            .field("fileName", JobField.FILE_ORIGINAL_NAME)
            .same(JobField.IDEMPOTENCY_KEY, JobField.WORKFLOW_ID, JobField.CONFIG)
            .counters(Counter::canonicalName)
            .same(JobField.LAST_PROCESSED_CHUNK_INDEX, JobField.SUMMARY, JobField.ERROR, JobField.ERROR_REPORT,
                    JobField.ERROR_REPORT_TRUNCATED, JobField.ERROR_REPORT_HAS_MORE, JobField.STARTED_AT,
                    JobField.COMPLETED_AT, JobField.CREATED_AT, JobField.UPDATED_AT, JobField.VERSION)
            .build();

    private RpcView() {
    }

    /** The listing parameters are fields of the data too, some under names of their own. */
    private static JobView.Builder parameters(JobView.Builder view) {
        for (Parameter parameter : Parameter.values()) {
            view.rename(parameter.canonicalName, parameter.rpcName);
        }
        return view;
    }
}
