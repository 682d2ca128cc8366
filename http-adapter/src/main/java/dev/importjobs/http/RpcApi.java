package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.CreateResult;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Style A (docs/api.md#style-a--rpc): {@code POST /api} with {@code {namespace, apiName, data}}, the
 * apiNames a table of their own ({@link #apis}). Answers {@code {"status":"ok","data":…}}; failures are
 * rendered by {@link RootHandler}.
 */
final class RpcApi {
    static final String NAMESPACE = "serviceImportJobs";

    /** Runs one call on its data, whose organization the caller has the api's permission on. */
    @FunctionalInterface
    interface Operation {
        JsonBody run(Call call, Fields data, String organizationId);
    }

    /** One line of the apiName table. */
    record Api(String name, Permission permission, Operation operation) {
    }

    private final ImportJobs jobs;
    private final Map<String, Api> apis = new LinkedHashMap<>();

    RpcApi(ImportJobs jobs) {
        this.jobs = jobs;
        for (Api api : List.of(
                new Api("create", Permission.CREATE, this::create),
                new Api("getById", Permission.READ, this::getById),
                new Api("listByOrganization", Permission.LIST, this::list),
                new Api("update", Permission.UPDATE, this::update),
                new Api("delete", Permission.DELETE, this::delete),
                new Api("recordChunk", Permission.UPDATE, this::recordChunk),
                new Api("listErrors", Permission.READ, this::listErrors))) {
            apis.put(api.name(), api);
        }
    }

    /** The apiNames in order. */
    List<Api> apis() {
        return List.copyOf(apis.values());
    }

    void handle(Call call) {
        Fields envelope = Fields.root(call.jsonBody());
        String namespace = envelope.requiredString("namespace");
        String apiName = envelope.requiredString("apiName");
        // The data's fields are named as the style's table and core's rule violations name them
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
        // may not use (docs/server.md#auth).
        String organizationId = data.string("organizationId");
        if (organizationId != null) {
            call.principal.require(organizationId, api.permission());
        } else if (!data.has("organizationId")) {
            data.add("organizationId", "is required");
        }
        call.ok(200, api.operation().run(call, data, organizationId));
    }

    private JsonBody create(Call call, Fields data, String organizationId) {
        boolean statusMissing = !data.has(RpcView.JOB.rename(JobField.STATUS.path));
        JobDraft job = RpcView.JOB.read(data, JobView.Target.NONE);
        data.rejectUnknown();
        data.throwIfAny();
        call.rename = job.rename();
        CreateJobCommand command;
        try {
            command = new CreateJobCommand(organizationId, job.fields(), true);
        } catch (ImportJobsException e) {
            if (!statusMissing || e.code() != ErrorCode.VALIDATION) {
                throw e;
            }
            // Style A requires a status (core defaults it): report it with the domain's own violations.
            List<FieldViolation> all = new ArrayList<>(e.details());
            all.add(new FieldViolation(JobField.STATUS.path, "is required"));
            throw ImportJobsException.validation(all);
        }
        if (statusMissing) {
            throw ImportJobsException.validation(JobField.STATUS.path, "is required");
        }
        CreateResult created = jobs.create(command);
        if (created.replayed()) {
            call.exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        return Views.job(RpcView.JOB, created.job());
    }

    private JsonBody getById(Call call, Fields data, String organizationId) {
        return Views.job(RpcView.JOB, jobs.get(ref(data, organizationId)));
    }

    private JsonBody update(Call call, Fields data, String organizationId) {
        String id = data.requiredString("id");
        JobDraft patch = RpcView.JOB.read(data, JobView.Target.NONE);
        Long expectedVersion = data.int64("expectedVersion");
        data.rejectUnknown();
        data.throwIfAny();
        call.rename = patch.rename();
        return Views.job(RpcView.JOB, jobs.update(new UpdateJobCommand(organizationId, id, patch.fields(),
                expectedVersion)));
    }

    private JsonBody delete(Call call, Fields data, String organizationId) {
        JobRef ref = ref(data, organizationId);
        jobs.delete(ref);
        return Views.deleted(ref.jobId());
    }

    private JsonBody list(Call call, Fields data, String organizationId) {
        Map<Parameter, String> given = parameters(data, Parameter.LIST_JOBS);
        data.rejectUnknown();
        data.throwIfAny();
        return Views.page(jobs.list(Parameter.listJobs(organizationId, given)), RpcView.JOB::write);
    }

    private JsonBody recordChunk(Call call, Fields data, String organizationId) {
        String id = data.requiredString("id");
        RecordChunkCommand chunk = ChunkBody.read(data, organizationId, id);
        return Views.chunk(RpcView.JOB, jobs.recordChunk(chunk));
    }

    private JsonBody listErrors(Call call, Fields data, String organizationId) {
        String id = data.requiredString("id");
        Map<Parameter, String> given = parameters(data, Parameter.LIST_ERRORS);
        data.rejectUnknown();
        data.throwIfAny();
        return Views.page(jobs.listLineErrors(Parameter.listErrors(organizationId, id, given)),
                LineShape.CANONICAL::write);
    }

    private static JobRef ref(Fields data, String organizationId) {
        String id = data.requiredString("id");
        data.rejectUnknown();
        data.throwIfAny();
        return new JobRef(organizationId, id);
    }

    /** The listing parameters among the data's fields, integers given as JSON numbers. */
    private static Map<Parameter, String> parameters(Fields data, List<Parameter> allowed) {
        Map<Parameter, String> given = new EnumMap<>(Parameter.class);
        for (Parameter parameter : allowed) {
            String value = parameter.integer ? data.integerText(parameter.rpcName) : data.string(parameter.rpcName);
            if (value != null) {
                given.put(parameter, value);
            }
        }
        return given;
    }
}
