package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.CreateResult;
import dev.importjobs.core.service.ChunkResult;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Style A: {@code POST /api} with {@code {namespace, apiName, data}} (contract §7). Answers
 * {@code {"status":"ok","data":…}}; failures are rendered by {@link RootHandler}.
 */
final class RpcApi {
    static final String NAMESPACE = "serviceImportJobs";

    @FunctionalInterface
    private interface Operation {
        Object run(Call call, Fields data, String organizationId);
    }

    private record Api(Permission permission, Operation operation) {
    }

    private final ImportJobs jobs;
    private final Map<String, Api> apis = new LinkedHashMap<>();

    RpcApi(ImportJobs jobs) {
        this.jobs = jobs;
        apis.put("create", new Api(Permission.CREATE, this::create));
        apis.put("getById", new Api(Permission.READ, this::getById));
        apis.put("listByOrganization", new Api(Permission.LIST, this::list));
        apis.put("update", new Api(Permission.UPDATE, this::update));
        apis.put("delete", new Api(Permission.DELETE, this::delete));
        apis.put("recordChunk", new Api(Permission.UPDATE, this::recordChunk));
        apis.put("listErrors", new Api(Permission.READ, this::listErrors));
    }

    void handle(Call call) {
        Fields envelope = Fields.root(call.jsonBody());
        String namespace = envelope.requiredString("namespace");
        String apiName = envelope.requiredString("apiName");
        // The data's fields are named as the contract's table and core's rule violations name them
        // (fileName, not data.fileName), so one field has one name whichever layer finds the problem.
        Map<String, Object> dataObject = envelope.object("data");
        Fields data = dataObject == null ? null : Fields.root(dataObject);
        if (!envelope.has("data")) {
            envelope.add("data", "is required");
        }
        envelope.rejectUnknown();
        if (namespace != null && !namespace.equals(NAMESPACE)) {
            envelope.add("namespace", "must be " + NAMESPACE);
        }
        Api api = apiName == null ? null : apis.get(apiName);
        if (apiName != null && api == null) {
            envelope.add("apiName", "must be one of " + String.join(", ", apis.keySet()));
        }
        envelope.throwIfAny();
        // Rights come before the details of the data, so a caller learns nothing of an organization it
        // may not use.
        String organizationId = data.string("organizationId");
        if (organizationId != null) {
            call.principal.require(organizationId, api.permission());
        } else if (!data.has("organizationId")) {
            data.add("organizationId", "is required");
        }
        call.rename = RpcView.RENAME;
        Object result = api.operation().run(call, data, organizationId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("data", result);
        call.json(200, body);
    }

    private Object create(Call call, Fields data, String organizationId) {
        boolean statusMissing = !data.has("status");
        JobFields fields = jobFields(data, true);
        data.rejectUnknown();
        data.throwIfAny();
        CreateJobCommand command;
        try {
            command = new CreateJobCommand(organizationId, fields, true);
        } catch (ImportJobsException e) {
            if (!statusMissing || e.code() != ErrorCode.VALIDATION) {
                throw e;
            }
            // Style A requires a status (core defaults it): report it with the domain's own violations.
            List<FieldViolation> all = new ArrayList<>(e.details());
            all.add(new FieldViolation("status", "is required"));
            throw ImportJobsException.validation(all);
        }
        if (statusMissing) {
            throw ImportJobsException.validation("status", "is required");
        }
        CreateResult created = jobs.create(command);
        if (created.replayed()) {
            call.exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        return RpcView.job(created.job());
    }

    private Object getById(Call call, Fields data, String organizationId) {
        JobRef ref = ref(data, organizationId);
        return RpcView.job(jobs.get(ref));
    }

    private Object update(Call call, Fields data, String organizationId) {
        String id = data.requiredString("id");
        JobFields patch = jobFields(data, false);
        Long expectedVersion = data.int64("expectedVersion");
        data.rejectUnknown();
        data.throwIfAny();
        return RpcView.job(jobs.update(new UpdateJobCommand(organizationId, id, patch, expectedVersion)));
    }

    private Object delete(Call call, Fields data, String organizationId) {
        JobRef ref = ref(data, organizationId);
        jobs.delete(ref);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", ref.jobId());
        deleted.put("deleted", true);
        return deleted;
    }

    private Object list(Call call, Fields data, String organizationId) {
        String page = data.integerText("page");
        String pageSize = data.integerText("pageSize");
        String sort = data.string("sort");
        String status = data.string("status");
        String importScope = data.string("importScope");
        String createdBy = data.string("createdBy");
        String cursor = data.string("cursor");
        data.rejectUnknown();
        data.throwIfAny();
        var query = ListJobsQuery.parse(organizationId, page, pageSize, sort, status, importScope, createdBy, cursor);
        return PageView.of(jobs.list(query), RpcView::job);
    }

    private Object recordChunk(Call call, Fields data, String organizationId) {
        String id = data.requiredString("id");
        RecordChunkCommand chunk = ChunkBody.read(data, organizationId, id);
        ChunkResult result = jobs.recordChunk(chunk);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("applied", result.applied());
        view.put("job", RpcView.job(result.job()));
        return view;
    }

    private Object listErrors(Call call, Fields data, String organizationId) {
        String id = data.requiredString("id");
        String page = data.integerText("page");
        String pageSize = data.integerText("pageSize");
        String severity = data.string("severity");
        data.rejectUnknown();
        data.throwIfAny();
        var query = ListLineErrorsQuery.parse(organizationId, id, page, pageSize, severity);
        return PageView.of(jobs.listLineErrors(query), LineErrorView::of);
    }

    private static JobRef ref(Fields data, String organizationId) {
        String id = data.requiredString("id");
        data.rejectUnknown();
        data.throwIfAny();
        return new JobRef(organizationId, id);
    }

    /** The job fields of a create or an update, in style A's names. */
    private static JobFields jobFields(Fields data, boolean creating) {
        String createdBy = data.string("createdByStackUserId");
        String fileName = data.string("fileName");
        var lines = data.objects("errorReport");
        return JobFields.builder()
                .createdBy(createdBy == null && !creating ? null : CreatedBy.of(createdBy))
                .file(fileName == null && !creating ? null : FileInfo.named(fileName))
                .action(data.string("importScope"))
                .status(data.string("status"))
                .idempotencyKey(data.string("idempotencyKey"))
                .workflowId(data.string("workflowId"))
                .config(data.object("config"))
                .totalRows(data.int64("totalRows"))
                .processedRows(data.int64("processedRows"))
                .successCount(data.int64("successCount"))
                .insertCount(data.int64("insertCount"))
                .updateCount(data.int64("updateCount"))
                .skipCount(data.int64("skipCount"))
                .warningCount(data.int64("warningCount"))
                .errorCount(data.int64("errorCount"))
                .lastProcessedChunkIndex(data.int32("lastProcessedChunkIndex"))
                .summary(data.string("summary"))
                .error(data.string("error"))
                .errorReport(lines == null ? null : LineErrorReplacement.all(LineErrorView.read(lines)))
                .startedAt(data.epochMillis("startedAt"))
                .completedAt(data.epochMillis("completedAt"))
                .createdAt(data.epochMillis("createdAt"))
                .updatedAt(data.epochMillis("updatedAt"))
                .build();
    }
}
