package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.ChunkResult;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.CreateResult;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.UpdateJobCommand;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Style B: {@code /v1/organizations/{organizationId}/bulk-tasks} and below (contract §8). Answers
 * {@code {"status":true,"data":…}}; failures are rendered by {@link RootHandler}.
 */
final class RestApi {
    private static final Pattern ROUTE = Pattern.compile(
            "/v1/organizations/([^/]+)/bulk-tasks(?:/([^/]+)(?:/(chunks|errors|errors\\.csv))?)?/?");
    private static final Pattern ACCESS_ROUTE = Pattern.compile("/v1/organizations/([^/]+)/access/?");
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");
    private static final Set<String> LIST_PARAMETERS = Set.of("page", "limit", "sort", "status", "action",
            "createdBy", "cursor");
    private static final Set<String> ERROR_PARAMETERS = Set.of("page", "limit", "severity");
    private static final String SKIPPED_REASON = "skipped";

    private final ImportJobs jobs;

    RestApi(ImportJobs jobs) {
        this.jobs = jobs;
    }

    void handle(Call call, String path, Authenticator authenticator) {
        Matcher access = ACCESS_ROUTE.matcher(path);
        if (access.matches()) {
            access(call, Call.decode(access.group(1)), authenticator);
            return;
        }
        Matcher route = ROUTE.matcher(path);
        if (!route.matches()) {
            throw new HttpProblem(404, ErrorCode.ROUTE_NOT_FOUND, "Route not found");
        }
        String org = Call.decode(route.group(1));
        String id = route.group(2) == null ? null : Call.decode(route.group(2));
        String sub = route.group(3);
        Permission permission = permissionFor(call, id, sub);
        call.principal = authenticator.authenticate(call.exchange.getRequestHeaders());
        call.principal.require(org, permission);
        call.rename = RestView.RENAME;
        if (id == null) {
            if (call.method().equals("GET")) {
                list(call, org);
            } else {
                create(call, org);
            }
        } else if (sub == null) {
            switch (call.method()) {
                case "GET" -> get(call, org, id);
                case "PATCH" -> patch(call, org, id);
                default -> delete(call, org, id);
            }
        } else if (sub.equals("chunks")) {
            chunk(call, org, id);
        } else if (sub.equals("errors")) {
            errors(call, org, id);
        } else {
            errorsCsv(call, org, id);
        }
    }

    /** The permission a route needs; a method the route does not serve is a 405 first. */
    private static Permission permissionFor(Call call, String id, String sub) {
        if (id == null) {
            RootHandler.allow(call, "GET", "POST");
            return call.method().equals("GET") ? Permission.LIST : Permission.CREATE;
        }
        if (sub == null) {
            RootHandler.allow(call, "GET", "PATCH", "DELETE");
            return switch (call.method()) {
                case "GET" -> Permission.READ;
                case "PATCH" -> Permission.UPDATE;
                default -> Permission.DELETE;
            };
        }
        if (sub.equals("chunks")) {
            RootHandler.allow(call, "POST");
            return Permission.UPDATE;
        }
        RootHandler.allow(call, "GET");
        return Permission.READ;
    }

    /** The caller's rights in an organization it may access; it needs no particular permission. */
    private static void access(Call call, String org, Authenticator authenticator) {
        RootHandler.allow(call, "GET");
        call.principal = authenticator.authenticate(call.exchange.getRequestHeaders());
        call.principal.requireAccess(org);
        call.query(Set.of());
        ok(call, 200, AccessView.of(call.principal));
    }

    private void list(Call call, String org) {
        Map<String, String> q = call.query(LIST_PARAMETERS);
        var query = ListJobsQuery.parse(org, q.get("page"), q.get("limit"), q.get("sort"), q.get("status"),
                q.get("action"), q.get("createdBy"), q.get("cursor"));
        ok(call, 200, PageView.of(jobs.list(query), RestView::item));
    }

    private void create(Call call, String org) {
        call.query(Set.of());
        Fields body = Fields.root(call.jsonBody());
        ItemFields item = readItem(body, org, null, call.header("Idempotency-Key"));
        body.throwIfAny();
        call.rename = item.rename;
        CreateResult created = jobs.create(new CreateJobCommand(org, item.fields));
        ImportJob job = created.job();
        var headers = call.exchange.getResponseHeaders();
        headers.set("ETag", etag(job));
        if (created.replayed()) {
            headers.set("Idempotent-Replayed", "true");
        } else {
            headers.set("Location", "/v1/organizations/" + org + "/bulk-tasks/" + job.id());
        }
        ok(call, created.replayed() ? 200 : 201, RestView.item(job));
    }

    private void get(Call call, String org, String id) {
        call.query(Set.of());
        ImportJob job = jobs.get(new JobRef(org, id));
        call.exchange.getResponseHeaders().set("ETag", etag(job));
        ok(call, 200, RestView.item(job));
    }

    private void patch(Call call, String org, String id) {
        call.query(Set.of());
        Long expectedVersion = ifMatch(call.header("If-Match"));
        Fields body = Fields.root(call.jsonBody());
        ItemFields item = readItem(body, org, id, null);
        body.throwIfAny();
        call.rename = item.rename;
        ImportJob job;
        try {
            job = jobs.update(new UpdateJobCommand(org, id, item.fields, expectedVersion));
        } catch (ImportJobsException e) {
            if (e.code() == ErrorCode.VERSION_CONFLICT) {
                throw new HttpProblem(412, ErrorCode.VERSION_CONFLICT, e.getMessage());
            }
            throw e;
        }
        call.exchange.getResponseHeaders().set("ETag", etag(job));
        ok(call, 200, RestView.item(job));
    }

    private void delete(Call call, String org, String id) {
        call.query(Set.of());
        jobs.delete(new JobRef(org, id));
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("deleted", true);
        ok(call, 200, deleted);
    }

    private void chunk(Call call, String org, String id) {
        call.query(Set.of());
        ChunkResult result = jobs.recordChunk(ChunkBody.read(Fields.root(call.jsonBody()), org, id));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("applied", result.applied());
        view.put("item", RestView.item(result.job()));
        ok(call, 200, view);
    }

    private void errors(Call call, String org, String id) {
        Map<String, String> q = call.query(ERROR_PARAMETERS);
        var query = ListLineErrorsQuery.parse(org, id, q.get("page"), q.get("limit"), q.get("severity"));
        ok(call, 200, PageView.of(jobs.listLineErrors(query), LineErrorView::of));
    }

    /** Streams the line errors as CSV (RFC 4180) row by row; nothing is built whole in memory. */
    private void errorsCsv(Call call, String org, String id) {
        Map<String, String> q = call.query(Set.of("severity"));
        Set<Severity> severities = severities(q.get("severity"));
        Writer[] out = new Writer[1];
        try {
            jobs.exportLineErrors(new JobRef(org, id), severities, line -> {
                try {
                    if (out[0] == null) {
                        out[0] = begin(call, id);
                    }
                    Csv.row(out[0], line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (out[0] == null) {
                out[0] = begin(call, id);
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
            throw HttpProblem.validation("severity", e.details().get(0).message());
        }
    }

    private static void ok(Call call, int status, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", true);
        body.put("data", data);
        call.json(status, body);
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

    private record ItemFields(JobFields fields, UnaryOperator<String> rename) {
    }

    /**
     * An item's writable fields in style B's names. {@code id} and {@code organizationId} may be sent
     * back as read but must match the path; {@code version} and the report flags are the server's and
     * are ignored.
     */
    private static ItemFields readItem(Fields body, String org, String pathId, String keyHeader) {
        String givenOrg = body.string("organizationId");
        if (givenOrg != null && !givenOrg.equals(org)) {
            body.add("organizationId", "must match the organization in the path");
        }
        String givenId = body.string("id");
        if (givenId != null && (pathId == null || !givenId.equals(pathId))) {
            body.add("id", pathId == null ? "is set by the server" : "must match the id in the path");
        }
        body.raw("version");
        body.raw("errorReportTruncated");
        body.raw("errorReportHasMore");
        Fields file = body.nested("file");
        Fields report = body.nested("report");
        Fields by = body.nested("createdBy");
        JobFields.Builder fields = JobFields.builder()
                .status(body.string("status"))
                .config(body.object("config"))
                .action(body.string("action"))
                .error(body.string("error"))
                .idempotencyKey(idempotencyKey(body, keyHeader))
                .workflowId(body.string("workflowId"))
                .summary(body.string("summary"))
                .lastProcessedChunkIndex(body.int32("lastProcessedChunkIndex"))
                .startedAt(body.isoInstant("startedAt"))
                .completedAt(body.isoInstant("completedAt"))
                .createdAt(body.isoInstant("createdAt"))
                .updatedAt(body.isoInstant("updatedAt"));
        if (file != null) {
            fields.file(new FileInfo(file.string("originalName"), file.string("mimetype"), file.int64("size"),
                    file.string("bucket"), file.string("key"), file.string("location"), file.string("region"),
                    file.string("storageProviderId"), file.string("checksum")));
            file.rejectUnknown();
        }
        if (by != null) {
            fields.createdBy(new CreatedBy(by.string("id"), by.string("email"), by.string("firstName"),
                    by.string("lastName"), by.string("fullName"), by.string("picture")));
            by.rejectUnknown();
        }
        UnaryOperator<String> rename = RestView.RENAME;
        if (report != null) {
            fields.totalRows(report.int64("numItems"))
                    .processedRows(report.int64("numProcessed"))
                    .successCount(report.int64("numSuccesses"))
                    .insertCount(report.int64("numInserts"))
                    .updateCount(report.int64("numUpdates"))
                    .skipCount(report.int64("numSkips"))
                    .warningCount(report.int64("numWarnings"))
                    .errorCount(report.int64("numErrors"));
            ReportLines lines = ReportLines.read(report);
            report.rejectUnknown();
            if (lines.replacement != null) {
                fields.errorReport(lines.replacement);
                rename = lines.rename;
            }
        }
        body.rejectUnknown();
        return new ItemFields(fields.build(), rename);
    }

    /** The body's key, else the {@code Idempotency-Key} header's; the two must agree when both are sent. */
    private static String idempotencyKey(Fields body, String header) {
        String key = body.string("idempotencyKey");
        if (header != null && key != null && !header.equals(key)) {
            body.add("idempotencyKey", "differs from the Idempotency-Key header");
        }
        return key != null ? key : header;
    }

    /**
     * {@code report.erroredLines}, {@code skippedLines} and {@code warnedLines} as one replacement of the
     * severities given, with a renamer that maps core's {@code errorReport[k]} back to the list it came from.
     */
    private record ReportLines(LineErrorReplacement replacement, UnaryOperator<String> rename) {
        private static final Pattern LINE_PATH = Pattern.compile("errorReport\\[(\\d+)]\\.?(.*)");

        static ReportLines read(Fields report) {
            Set<Severity> severities = EnumSet.noneOf(Severity.class);
            List<LineError> lines = new ArrayList<>();
            List<String> origins = new ArrayList<>();
            for (var list : List.of(Map.entry("erroredLines", Severity.ERROR), Map.entry("skippedLines",
                    Severity.SKIP), Map.entry("warnedLines", Severity.WARNING))) {
                List<Fields> elements = report.objects(list.getKey());
                if (elements == null) {
                    continue;
                }
                severities.add(list.getValue());
                for (int i = 0; i < elements.size(); i++) {
                    Severity severity = list.getValue();
                    lines.add(LineErrorView.readOne(elements.get(i), severity, "reason",
                            severity == Severity.SKIP ? SKIPPED_REASON : null));
                    origins.add("report." + list.getKey() + "[" + i + "]");
                }
            }
            if (severities.isEmpty()) {
                return new ReportLines(null, RestView.RENAME);
            }
            UnaryOperator<String> rename = field -> {
                Matcher matcher = LINE_PATH.matcher(field);
                if (!matcher.matches()) {
                    return RestView.RENAME.apply(field);
                }
                int index = Integer.parseInt(matcher.group(1));
                String leaf = matcher.group(2).equals("message") ? "reason" : matcher.group(2);
                String origin = index < origins.size() ? origins.get(index) : "report";
                return leaf.isEmpty() ? origin : origin + "." + leaf;
            };
            return new ReportLines(new LineErrorReplacement(severities, lines), rename);
        }
    }
}
