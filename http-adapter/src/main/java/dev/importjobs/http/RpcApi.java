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
import java.util.Set;

/**
 * Style A (docs/api.md#style-a--rpc): {@code POST /api} with {@code {namespace, apiName, data}}, the
 * apiNames a table of their own ({@link #apis}): each one's permission, what its data holds, what it answers
 * and the error codes of its own; the operations read the data as the table says, and {@link OpenApi}
 * describes it from the same table. Answers {@code {"status":"ok","data":…}}; failures are rendered by
 * {@link RootHandler}.
 */
final class RpcApi {
    static final String NAMESPACE = "serviceImportJobs";
    /** The envelope's members. */
    static final String NAMESPACE_FIELD = "namespace";
    static final String API_NAME = "apiName";
    static final String DATA = "data";
    /** The data's members that are no job field. */
    static final String ORGANIZATION_ID = JobField.ORGANIZATION_ID.path;
    static final String ID = JobField.ID.path;
    static final String EXPECTED_VERSION = "expectedVersion";

    /** What a change to a job may meet, in both styles (docs/model.md#errors). */
    static final ErrorCode[] UPDATE_FAILURES = {ErrorCode.JOB_NOT_FOUND, ErrorCode.VERSION_CONFLICT,
        ErrorCode.IDEMPOTENCY_CONFLICT, ErrorCode.TRANSITION_NOT_ALLOWED, ErrorCode.JOB_NOT_WRITABLE};
    /** What a chunk may meet, in both styles. */
    static final ErrorCode[] CHUNK_FAILURES = {ErrorCode.JOB_NOT_FOUND, ErrorCode.JOB_NOT_WRITABLE};

    /** Runs one call on its data, addressed to {@code target}, whose organization the caller has the api's permission on. */
    @FunctionalInterface
    interface Operation {
        JsonBody run(Call call, Data spec, Fields data, JobView.Target target);
    }

    /**
     * What an apiName's data holds besides {@code organizationId} (always required).
     *
     * @param id              whether {@code id} names the job (then required)
     * @param job             whether the job's fields are read ({@link RpcView#JOB})
     * @param required        job fields required here beyond those every create requires
     * @param expectedVersion whether {@code expectedVersion} is read
     * @param chunk           whether a chunk report is read ({@link ChunkBody})
     * @param parameters      listing parameters read, by their style A names
     */
    record Data(boolean id, boolean job, List<JobField> required, boolean expectedVersion, boolean chunk,
            List<Parameter> parameters) {
        /** Only the organization. */
        static final Data ORGANIZATION = new Data(false, false, List.of(), false, false, List.of());
        /** The organization and the job's id. */
        static final Data JOB_ID = new Data(true, false, List.of(), false, false, List.of());

        Data withJob(JobField... requiredHere) {
            return new Data(id, true, List.of(requiredHere), expectedVersion, chunk, parameters);
        }

        Data withExpectedVersion() {
            return new Data(id, job, required, true, chunk, parameters);
        }

        Data withChunk() {
            return new Data(id, job, required, expectedVersion, true, parameters);
        }

        Data withParameters(List<Parameter> read) {
            return new Data(id, job, required, expectedVersion, chunk, List.copyOf(read));
        }
    }

    /** One line of the apiName table; {@code failures} are the codes of its own, as in {@link Route#failures}. */
    record Api(String name, Permission permission, Data data, Answer answer, Set<ErrorCode> failures,
            Operation operation) {
        Api(String name, Permission permission, Data data, Answer answer, Operation operation, ErrorCode... failures) {
            this(name, permission, data, answer, Set.of(failures), operation);
        }
    }

    private final ImportJobs jobs;
    private final Map<String, Api> apis = new LinkedHashMap<>();

    RpcApi(ImportJobs jobs) {
        this.jobs = jobs;
        for (Api api : List.of(
                new Api("create", Permission.CREATE, Data.ORGANIZATION.withJob(JobField.STATUS, JobField.IDEMPOTENCY_KEY),
                        Answer.CREATED_JOB, this::create, ErrorCode.IDEMPOTENCY_CONFLICT),
                new Api("getById", Permission.READ, Data.JOB_ID, Answer.JOB, this::getById, ErrorCode.JOB_NOT_FOUND),
                new Api("listByOrganization", Permission.LIST, Data.ORGANIZATION.withParameters(Parameter.LIST_JOBS),
                        Answer.PAGE_OF_JOBS, this::list),
                new Api("update", Permission.UPDATE, Data.JOB_ID.withJob().withExpectedVersion(), Answer.JOB,
                        this::update, UPDATE_FAILURES),
                new Api("delete", Permission.DELETE, Data.JOB_ID, Answer.DELETED, this::delete, ErrorCode.JOB_NOT_FOUND),
                new Api("recordChunk", Permission.UPDATE, Data.JOB_ID.withChunk(), Answer.CHUNK, this::recordChunk,
                        CHUNK_FAILURES),
                new Api("listErrors", Permission.READ, Data.JOB_ID.withParameters(Parameter.LIST_ERRORS),
                        Answer.PAGE_OF_LINES, this::listErrors, ErrorCode.JOB_NOT_FOUND))) {
            apis.put(api.name(), api);
        }
    }

    /** The apiNames in order. */
    List<Api> apis() {
        return List.copyOf(apis.values());
    }

    void handle(Call call) {
        Fields envelope = Fields.root(call.jsonBody());
        String namespace = envelope.requiredString(NAMESPACE_FIELD);
        String apiName = envelope.requiredString(API_NAME);
        // The data's fields are named as the style's table and core's rule violations name them
        // (fileName, not data.fileName), so one field has one name whichever layer finds the problem.
        Map<String, Object> dataObject = envelope.object(DATA);
        Fields data = dataObject == null ? null : Fields.root(dataObject);
        if (!envelope.has(DATA)) {
            envelope.add(DATA, "is required");
        }
        envelope.rejectUnknown();
        if (namespace != null && !namespace.equals(NAMESPACE)) {
            envelope.add(NAMESPACE_FIELD, "must be " + NAMESPACE);
        }
        Api api = apiName == null ? null : apis.get(apiName);
        if (apiName != null && api == null) {
            envelope.add(API_NAME, "must be one of " + String.join(", ", apis.keySet()));
        }
        envelope.throwIfAny();
        // Rights come before the details of the data, so a caller learns nothing of an organization it
        // may not use (docs/server.md#auth).
        String organizationId = data.string(ORGANIZATION_ID);
        if (organizationId != null) {
            call.principal.require(organizationId, api.permission());
        } else if (!data.has(ORGANIZATION_ID)) {
            data.add(ORGANIZATION_ID, "is required");
        }
        String id = api.data().id() ? data.requiredString(ID) : null;
        call.ok(200, api.operation().run(call, api.data(), data, new JobView.Target(organizationId, id)));
    }

    private JsonBody create(Call call, Data spec, Fields data, JobView.Target target) {
        // Core requires what every create needs, and a key when asked to; the rest style A requires is checked here.
        List<JobField> missing = spec.required().stream().filter(field -> field != JobField.IDEMPOTENCY_KEY
                && !data.has(RpcView.JOB.rename(field.path))).toList();
        JobDraft job = RpcView.JOB.read(data, JobView.Target.NONE);
        data.rejectUnknown();
        data.throwIfAny();
        call.rename = job.rename();
        CreateJobCommand command;
        try {
            command = new CreateJobCommand(target.organizationId(), job.fields(),
                    spec.required().contains(JobField.IDEMPOTENCY_KEY));
        } catch (ImportJobsException e) {
            if (missing.isEmpty() || e.code() != ErrorCode.VALIDATION) {
                throw e;
            }
            // Reported with the domain's own violations, in one answer.
            List<FieldViolation> all = new ArrayList<>(e.details());
            missing.forEach(field -> all.add(new FieldViolation(field.path, "is required")));
            throw ImportJobsException.validation(all);
        }
        if (!missing.isEmpty()) {
            throw ImportJobsException.validation(missing.stream()
                    .map(field -> new FieldViolation(field.path, "is required")).toList());
        }
        CreateResult created = jobs.create(command);
        if (created.replayed()) {
            call.exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        return Views.job(RpcView.JOB, created.job());
    }

    private JsonBody getById(Call call, Data spec, Fields data, JobView.Target target) {
        return Views.job(RpcView.JOB, jobs.get(ref(data, target)));
    }

    private JsonBody update(Call call, Data spec, Fields data, JobView.Target target) {
        JobDraft patch = RpcView.JOB.read(data, JobView.Target.NONE);
        Long expectedVersion = spec.expectedVersion() ? data.int64(EXPECTED_VERSION) : null;
        data.rejectUnknown();
        data.throwIfAny();
        call.rename = patch.rename();
        return Views.job(RpcView.JOB, jobs.update(new UpdateJobCommand(target.organizationId(), target.id(),
                patch.fields(), expectedVersion)));
    }

    private JsonBody delete(Call call, Data spec, Fields data, JobView.Target target) {
        JobRef ref = ref(data, target);
        jobs.delete(ref);
        return Views.deleted(ref.jobId());
    }

    private JsonBody list(Call call, Data spec, Fields data, JobView.Target target) {
        Map<Parameter, String> given = parameters(data, spec.parameters());
        data.rejectUnknown();
        data.throwIfAny();
        return Views.page(jobs.list(Parameter.listJobs(target.organizationId(), given)), RpcView.JOB::write);
    }

    private JsonBody recordChunk(Call call, Data spec, Fields data, JobView.Target target) {
        RecordChunkCommand chunk = ChunkBody.read(data, target.organizationId(), target.id());
        return Views.chunk(RpcView.JOB, jobs.recordChunk(chunk));
    }

    private JsonBody listErrors(Call call, Data spec, Fields data, JobView.Target target) {
        Map<Parameter, String> given = parameters(data, spec.parameters());
        data.rejectUnknown();
        data.throwIfAny();
        return Views.page(jobs.listLineErrors(Parameter.listErrors(target.organizationId(), target.id(), given)),
                LineShape.CANONICAL::write);
    }

    private static JobRef ref(Fields data, JobView.Target target) {
        data.rejectUnknown();
        data.throwIfAny();
        return new JobRef(target.organizationId(), target.id());
    }

    /**
     * The listing parameters among the data's fields, integers given as JSON numbers. A parameter sent by its
     * style B name ({@code limit}, which the page object itself uses) is pointed to its name here.
     */
    private static Map<Parameter, String> parameters(Fields data, List<Parameter> allowed) {
        Map<Parameter, String> given = new EnumMap<>(Parameter.class);
        for (Parameter parameter : allowed) {
            data.alias(parameter.canonicalName, parameter.rpcName);
            String value = parameter.integer ? data.integerText(parameter.rpcName) : data.string(parameter.rpcName);
            if (value != null) {
                given.put(parameter, value);
            }
        }
        return given;
    }
}
