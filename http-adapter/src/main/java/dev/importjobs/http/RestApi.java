package dev.importjobs.http;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.ChunkResult;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.CreateResult;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.UpdateJobCommand;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Style B's handlers (docs/api.md#style-b--rest), one per route of {@link RootHandler#routes}: the route
 * has checked the caller's rights on the path's organization and the query; each answers
 * {@code {"status":true,"data":…}}, failures are rendered by {@link RootHandler}.
 */
final class RestApi {
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");

    private final ImportJobs jobs;

    RestApi(ImportJobs jobs) {
        this.jobs = jobs;
    }

    /** The caller's rights in an organization it may access; it needs no particular permission. */
    void access(Call call) {
        call.principal.requireAccess(call.param(Route.ORGANIZATION));
        call.ok(200, AccessView.of(call.principal));
    }

    void list(Call call) {
        var query = Parameter.listJobs(call.param(Route.ORGANIZATION), call.query);
        call.ok(200, Views.page(jobs.list(query), RestView.ITEM::write));
    }

    void create(Call call) {
        String org = call.param(Route.ORGANIZATION);
        Fields body = Fields.root(call.jsonBody());
        JobDraft item = RestView.ITEM.read(body, new JobView.Target(org, null));
        idempotencyKey(body, item, call.header("Idempotency-Key"));
        body.rejectUnknown();
        body.throwIfAny();
        call.rename = item.rename();
        CreateResult created = jobs.create(new CreateJobCommand(org, item.fields()));
        ImportJob job = created.job();
        var headers = call.exchange.getResponseHeaders();
        headers.set("ETag", etag(job));
        if (created.replayed()) {
            headers.set("Idempotent-Replayed", "true");
        } else {
            headers.set("Location", "/v1/organizations/" + org + "/bulk-tasks/" + job.id());
        }
        call.ok(created.replayed() ? 200 : 201, Views.job(RestView.ITEM, job));
    }

    void get(Call call) {
        ImportJob job = jobs.get(ref(call));
        call.exchange.getResponseHeaders().set("ETag", etag(job));
        call.ok(200, Views.job(RestView.ITEM, job));
    }

    /** A version conflict here comes from {@code If-Match}: {@link HttpProblem#statusOf} makes it a 412. */
    void patch(Call call) {
        String org = call.param(Route.ORGANIZATION);
        String id = call.param(Route.JOB);
        Long expectedVersion = ifMatch(call.header("If-Match"));
        Fields body = Fields.root(call.jsonBody());
        JobDraft item = RestView.ITEM.read(body, new JobView.Target(org, id));
        body.rejectUnknown();
        body.throwIfAny();
        call.rename = item.rename();
        ImportJob job = jobs.update(new UpdateJobCommand(org, id, item.fields(), expectedVersion));
        call.exchange.getResponseHeaders().set("ETag", etag(job));
        call.ok(200, Views.job(RestView.ITEM, job));
    }

    void delete(Call call) {
        JobRef ref = ref(call);
        jobs.delete(ref);
        call.ok(200, Views.deleted(ref.jobId()));
    }

    void chunk(Call call) {
        ChunkResult result = jobs.recordChunk(ChunkBody.read(Fields.root(call.jsonBody()),
                call.param(Route.ORGANIZATION), call.param(Route.JOB)));
        call.ok(200, Views.chunk(RestView.ITEM, result));
    }

    void errors(Call call) {
        var query = Parameter.listErrors(call.param(Route.ORGANIZATION), call.param(Route.JOB), call.query);
        call.ok(200, Views.page(jobs.listLineErrors(query), LineShape.CANONICAL::write));
    }

    /** Streams the line errors as CSV (RFC 4180) row by row; nothing is built whole in memory. */
    void errorsCsv(Call call) {
        Set<Severity> severities = severities(call.query.get(Parameter.SEVERITY));
        JobRef ref = ref(call);
        Writer[] out = new Writer[1];
        try {
            jobs.exportLineErrors(ref, severities, line -> {
                try {
                    if (out[0] == null) {
                        out[0] = begin(call, ref.jobId());
                    }
                    Csv.row(out[0], line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (out[0] == null) {
                out[0] = begin(call, ref.jobId());
            }
            out[0].close();
        } catch (UncheckedIOException | IOException e) {
            // The client stopped reading; the exchange is closed by the root handler.
        }
    }

    /**
     * Sends the download's headers once the job is known to exist: a 404 is a JSON envelope, not an
     * attachment, and only then is the id (which names the file) known to be 24 hex digits.
     */
    private static Writer begin(Call call, String id) throws IOException {
        var headers = call.exchange.getResponseHeaders();
        headers.set("Content-Type", "text/csv; charset=utf-8");
        headers.set("Content-Disposition", "attachment; filename=\"" + id + "-errors.csv\"");
        call.start(200, 0);
        Writer writer = new BufferedWriter(new OutputStreamWriter(call.exchange.getResponseBody(),
                StandardCharsets.UTF_8), 16 * 1024);
        writer.write(Csv.HEADER);
        return writer;
    }

    private static Set<Severity> severities(String text) {
        try {
            return ListLineErrorsQuery.parseSeverities(text);
        } catch (ImportJobsException e) {
            throw HttpProblem.validation(Parameter.SEVERITY.canonicalName, e.details().get(0).message());
        }
    }

    private static JobRef ref(Call call) {
        return new JobRef(call.param(Route.ORGANIZATION), call.param(Route.JOB));
    }

    private static String etag(ImportJob job) {
        return "\"" + job.version() + "\"";
    }

    /** {@code "3"}, {@code W/"3"} or {@code 3} expect version 3; {@code *} or no header expects none. */
    private static Long ifMatch(String header) {
        if (header == null || header.strip().equals("*")) {
            return null;
        }
        Matcher matcher = IF_MATCH.matcher(header.strip());
        if (!matcher.matches()) {
            throw HttpProblem.validation("If-Match", "must be an ETag of this API, for example \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The body's key, else the {@code Idempotency-Key} header's; the two must agree when both are sent. */
    private static void idempotencyKey(Fields body, JobDraft item, String header) {
        Object key = item.get(JobField.IDEMPOTENCY_KEY);
        if (header != null && key != null && !header.equals(key)) {
            body.add(RestView.ITEM.rename(JobField.IDEMPOTENCY_KEY.path), "differs from the Idempotency-Key header");
        } else if (key == null) {
            item.put(JobField.IDEMPOTENCY_KEY, header);
        }
    }
}
