package dev.importjobs.core.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Page;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.query.SortField;
import dev.importjobs.core.service.ChunkResult;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.CreateResult;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executable form of the {@link JobStore} contract. Every store extends this class and supplies
 * {@link #openStore}; each test gets a fresh store in its own temporary directory and drives it through
 * the use cases ({@link ImportJobs}), since a store holds no rules of its own. Server-set times come from
 * a {@link MutableClock} that only moves when a test moves it.
 */
public abstract class JobStoreContract {
    protected static final String ORG = "org_123";
    protected static final String OTHER_ORG = "org-other";
    protected static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    protected static final byte[] CURSOR_SECRET = "contract-suite-cursor-secret-0001".getBytes(UTF_8);
    /** Threads for every concurrency test. */
    protected static final int THREADS = 16;

    private static final String ID_SHAPE = "[0-9a-f]{24}";
    private static final long WORKER_TIMEOUT_SECONDS = 120;

    /** This test's own directory, where {@link #openStore} may keep files. */
    @TempDir
    protected Path directory;

    protected MutableClock clock;
    protected JobStore store;
    /** The use cases over {@link #store} with the default cap of line errors. */
    protected ImportJobs jobs;

    /** A new, empty store keeping its files (if any) in {@code directory}. */
    protected abstract JobStore openStore(Path directory);

    @BeforeEach
    final void openFreshStore() {
        clock = new MutableClock(T0);
        store = openStore(directory);
        jobs = useCases(ImportJobs.DEFAULT_MAX_ERRORS_PER_JOB);
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /** Use cases over the same store and clock, keeping at most {@code maxErrorsPerJob} line errors a job. */
    protected ImportJobs useCases(int maxErrorsPerJob) {
        return ImportJobs.builder(store).clock(clock).maxErrorsPerJob(maxErrorsPerJob).cursorSecret(CURSOR_SECRET)
                .build();
    }

    /** The fields of a minimal valid create. */
    protected static JobFields.Builder fields() {
        return JobFields.builder().createdBy("user_1").fileName("items.csv");
    }

    protected ImportJob create() {
        return create(fields());
    }

    protected ImportJob create(JobFields.Builder fields) {
        return create(ORG, fields);
    }

    protected ImportJob create(String organizationId, JobFields.Builder fields) {
        CreateResult result = jobs.create(new CreateJobCommand(organizationId, fields.build()));
        assertFalse(result.replayed(), "a create without a used key is never a replay");
        return result.job();
    }

    /** A job of {@link #ORG} in {@code status}, reached through allowed transitions. */
    protected ImportJob createIn(JobStatus status) {
        return switch (status) {
            case PENDING -> create();
            case CREATED -> create(fields().status(JobStatus.CREATED));
            case IN_PROGRESS -> create(fields().status(JobStatus.IN_PROGRESS));
            case FAILED, COMPLETED -> setStatus(create(fields().status(JobStatus.IN_PROGRESS)).id(), status);
            case CANCELLED -> setStatus(create().id(), status);
        };
    }

    protected ImportJob get(String id) {
        return jobs.get(new JobRef(ORG, id));
    }

    protected ImportJob update(String id, JobFields.Builder patch) {
        return jobs.update(new UpdateJobCommand(ORG, id, patch.build(), null));
    }

    protected ImportJob setStatus(String id, JobStatus status) {
        return update(id, JobFields.builder().status(status));
    }

    protected ChunkResult chunk(String id, int index, long rows) {
        return jobs.recordChunk(RecordChunkCommand.of(ORG, id, index, rows));
    }

    protected ChunkResult chunk(String id, int index, long rows, List<LineError> errors) {
        return jobs.recordChunk(RecordChunkCommand.builder(ORG, id).chunkIndex(index).rows(rows)
                .errorCount((long) errors.size()).errors(errors).build());
    }

    protected static LineError line(long number, Severity severity, String message) {
        return new LineError(number, severity, null, null, message, null);
    }

    /** {@code count} error lines numbered from {@code first}, with messages {@code prefix + number}. */
    protected static List<LineError> lines(String prefix, long first, int count) {
        return LongStream.range(first, first + count).mapToObj(n -> LineError.error(n, prefix + n)).toList();
    }

    protected Page<ImportJob> list(String organizationId, Sort sort, JobFilter filter, long page, int limit) {
        return jobs.list(new ListJobsQuery(organizationId, page, limit, sort, filter, null));
    }

    protected Page<ImportJob> listAfter(String organizationId, Sort sort, JobFilter filter, String cursor, int limit) {
        return jobs.list(new ListJobsQuery(organizationId, null, limit, sort, filter, cursor));
    }

    protected List<LineError> storedLines(String id) {
        List<LineError> lines = new ArrayList<>();
        jobs.exportLineErrors(new JobRef(ORG, id), Set.of(), lines::add);
        return lines;
    }

    protected static List<String> ids(List<ImportJob> jobs) {
        return jobs.stream().map(ImportJob::id).toList();
    }

    protected static List<String> messages(List<LineError> lines) {
        return lines.stream().map(LineError::message).toList();
    }

    /** Runs {@code action}, which must fail with {@code code}; returns the failure. */
    protected static ImportJobsException assertFails(ErrorCode code, Executable action) {
        ImportJobsException e = assertThrows(ImportJobsException.class, action);
        assertEquals(code, e.code(), () -> "wrong code, message: " + e.getMessage());
        return e;
    }

    /** Asserts a validation failure (1000) naming {@code field}. */
    protected static void assertInvalid(String field, Executable action) {
        ImportJobsException e = assertFails(ErrorCode.VALIDATION, action);
        assertEquals(List.of(field), e.details().stream().map(FieldViolation::field).toList(), e.getMessage());
    }

    /**
     * Runs {@code threads} tasks at once: each thread waits on a start latch that opens when all are ready.
     * Returns each task's result in task order; any exception of a task fails the test.
     */
    protected static <T> List<T> concurrently(int threads, IntFunction<Callable<T>> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return work.call();
                }));
            }
            assertTrue(ready.await(WORKER_TIMEOUT_SECONDS, TimeUnit.SECONDS), "workers did not start");
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get(WORKER_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a worker failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a worker did not finish within " + WORKER_TIMEOUT_SECONDS + "s", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every sort field in both directions. */
    public static Stream<Arguments> sortOrders() {
        return Arrays.stream(SortField.values())
                .flatMap(field -> Stream.of(Arguments.of(field, false), Arguments.of(field, true)));
    }

    /** Every (from, to) pair of statuses. */
    public static Stream<Arguments> statusPairs() {
        return Arrays.stream(JobStatus.values())
                .flatMap(from -> Arrays.stream(JobStatus.values()).map(to -> Arguments.of(from, to)));
    }

    /** Sorts and filters (as query text) for comparing the cursor walk with the page walk. */
    public static Stream<Arguments> walks() {
        return Stream.of(
                Arguments.of("", null, null, null),
                Arguments.of("createdAt:asc", null, null, null),
                Arguments.of("fileName", null, null, null),
                Arguments.of("totalRows:desc", null, null, null),
                Arguments.of("completedAt:asc", null, null, null),
                Arguments.of("startedAt:desc", "pending,inProgress", null, null),
                Arguments.of("action:asc", null, null, "alice"),
                Arguments.of("errorCount:desc", null, "users", null),
                Arguments.of("status", "pending,inProgress,failed,cancelled", null, null));
    }

    /** Sorts (as query text) for the stalled filter's walks, with the filter's two values. */
    public static Stream<Arguments> stalledWalks() {
        return Stream.of("", "createdAt:asc", "fileName", "totalRows:desc", "completedAt:asc", "completedAt:desc",
                "startedAt:asc", "updatedAt:desc", "status").flatMap(sort -> Stream.of(Arguments.of(sort, true),
                        Arguments.of(sort, false)));
    }

    /** The statuses each status may move to (docs/model.md#status-and-time), written out independently of the main code. */
    private static final Map<JobStatus, Set<JobStatus>> ALLOWED_TRANSITIONS = Map.of(
            JobStatus.PENDING, EnumSet.of(JobStatus.CREATED, JobStatus.IN_PROGRESS, JobStatus.FAILED,
                    JobStatus.CANCELLED),
            JobStatus.CREATED, EnumSet.of(JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.FAILED,
                    JobStatus.CANCELLED),
            JobStatus.IN_PROGRESS, EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED),
            JobStatus.FAILED, EnumSet.of(JobStatus.IN_PROGRESS),
            JobStatus.COMPLETED, EnumSet.noneOf(JobStatus.class),
            JobStatus.CANCELLED, EnumSet.noneOf(JobStatus.class));

    // ---------------------------------------------------------------------------------------------
    // Create, read, update, delete
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // Shared secrets (the key that signs cursors, docs/model.md#listing-and-pages)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class SharedSecrets {
        @Test
        void aSecretIsMadeOnceWithTheAskedLengthAndThenKept() {
            byte[] first = store.sharedSecret("key-a", 32);
            byte[] again = store.sharedSecret("key-a", 32);

            assertEquals(32, first.length);
            assertArrayEquals(first, again);
            assertFalse(Arrays.equals(new byte[32], first), "the secret is random, not zeros");
        }

        @Test
        void secretsOfDifferentNamesDiffer() {
            assertFalse(Arrays.equals(store.sharedSecret("key-a", 32), store.sharedSecret("key-b", 32)));
        }

        @Test
        void changingAReturnedSecretDoesNotChangeTheKeptOne() {
            byte[] first = store.sharedSecret("key-a", 16);
            byte[] copy = first.clone();
            first[0] ^= 1;
            assertArrayEquals(copy, store.sharedSecret("key-a", 16));
        }

        @Test
        void concurrentFirstRequestsAllGetTheSameSecret() throws InterruptedException {
            List<byte[]> secrets = concurrently(THREADS, i -> () -> store.sharedSecret("raced", 32));
            for (byte[] secret : secrets) {
                assertArrayEquals(secrets.get(0), secret);
            }
        }

        @Test
        void useCasesWithoutACursorSecretAcceptEachOthersCursors() {
            for (int i = 0; i < 3; i++) {
                create();
            }
            ImportJobs one = ImportJobs.builder(store).clock(clock).build();
            ImportJobs other = ImportJobs.builder(store).clock(clock).build();
            Page<ImportJob> first = one.list(new ListJobsQuery(ORG, 1L, 2, Sort.DEFAULT, JobFilter.ALL, null));

            Page<ImportJob> next = other.list(new ListJobsQuery(ORG, null, 2, Sort.DEFAULT, JobFilter.ALL,
                    first.nextCursor()));

            assertEquals(1, next.items().size());
            assertFalse(first.items().contains(next.items().get(0)));
        }
    }

    // Text every store can keep (docs/model.md#the-job: no U+0000, which PostgreSQL's text cannot hold)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Nul {
        private static final String NUL = "a\u0000b";

        @Test
        void aCreateWithNulInTextIsRefusedNamingTheFieldAndKeepsNothing() {
            assertInvalid("file.originalName", () -> create(fields().fileName(NUL)));
            assertInvalid("summary", () -> create(fields().summary(NUL)));

            assertEquals(0, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }

        @Test
        void anUpdateOrAChunkWithNulInTextIsRefusedAndChangesNothing() {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);

            assertInvalid("error", () -> update(job.id(), JobFields.builder().error(NUL)));
            assertInvalid("errors[0].message", () -> chunk(job.id(), 0, 5, List.of(LineError.error(1, NUL))));

            ImportJob after = get(job.id());
            assertEquals(job.version(), after.version());
            assertEquals(List.of(), storedLines(job.id()));
            assertTrue(chunk(job.id(), 0, 5).applied(), "the refused chunk was not recorded");
        }

        @Test
        void aListingFilterWithNulIsRefusedNamingTheParameter() {
            create();
            ImportJobsException e = assertFails(ErrorCode.VALIDATION, () -> jobs.list(ListJobsQuery.parse(ORG, null,
                    null, null, null, NUL, NUL, null, null)));

            assertEquals(List.of("action", "createdBy"), e.details().stream().map(FieldViolation::field).toList());
        }

        @Test
        void nulInsideConfigIsKeptAsJsonText() {
            Map<String, Object> config = Map.of("separator", NUL);

            ImportJob job = create(fields().config(config));

            assertEquals(config, get(job.id()).config());
        }
    }

    @Nested
    class Crud {
        @Test
        void createMakesAPendingJobWithServerSetFields() {
            clock.set(T0.plusSeconds(5));
            ImportJob job = create();

            assertTrue(job.id().matches(ID_SHAPE), job.id());
            assertEquals(String.format("%08x", T0.plusSeconds(5).getEpochSecond()), job.id().substring(0, 8));
            assertEquals(ORG, job.organizationId());
            assertEquals(JobStatus.PENDING, job.status());
            assertEquals(Counters.ZERO, job.counters());
            assertNull(job.lastProcessedChunkIndex());
            assertNull(job.startedAt());
            assertNull(job.completedAt());
            assertEquals(T0.plusSeconds(5), job.createdAt());
            assertEquals(T0.plusSeconds(5), job.updatedAt());
            assertEquals(1, job.version());
            assertEquals(List.of(), job.errorReport());
            assertFalse(job.errorReportTruncated());
            assertFalse(job.errorReportHasMore());
            assertEquals(job, get(job.id()));
        }

        @Test
        void getReturnsEveryFieldExactlyAsCreated() {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("list", Arrays.asList(1L, "two", true, null, 2.5));
            nested.put("empty", Map.of());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("zeta", 1L);
            config.put("alpha", nested);
            config.put("text", "\u00fcn\u00ef\ud83d\ude00 \"quoted\"\n\\");
            config.put("nothing", null);
            List<LineError> lines = List.of(
                    new LineError(0, Severity.ERROR, null, null, "the file has no header", null),
                    new LineError(7, Severity.WARNING, "price", "W_PRICE", "price looks high", "99999"),
                    new LineError(9, Severity.SKIP, "sku", null, "duplicate sku", "A-1"),
                    new LineError(Long.MAX_VALUE, Severity.ERROR, "n\u00e4me", "E,1", "\"quoted\", \u00fc \ud83d\ude00\n2nd",
                            "a,b"));

            ImportJob created = create(JobFields.builder()
                    .createdBy(new CreatedBy("user_1", "ada@example.com", "Ada", "Lovelace", "Ada Lovelace",
                            "https://example.com/ada.png"))
                    .action("inventory")
                    .status("created")
                    .file(new FileInfo("items \u00e9t\u00e9.csv", "text/csv", 1234L, "uploads", "2024/items.csv",
                            "https://example.com/items.csv", "eu-west-1", "s3", "sha256:abc"))
                    .idempotencyKey("key-1")
                    .workflowId("wf-1")
                    .config(config)
                    .totalRows(100L).processedRows(10L).successCount(9L).insertCount(5L).updateCount(4L)
                    .skipCount(1L).warningCount(2L).errorCount(3L)
                    .lastProcessedChunkIndex(0)
                    .summary("so far so good")
                    .error("none yet")
                    .errorReport(LineErrorReplacement.all(lines))
                    .startedAt(T0.minusSeconds(60))
                    .createdAt(T0.minusSeconds(3600)));

            ImportJob stored = get(created.id());
            assertEquals(created, stored);
            assertEquals(List.of("zeta", "alpha", "text", "nothing"), List.copyOf(stored.config().keySet()),
                    "config comes back with its keys in the given order");
            assertEquals(lines, stored.errorReport());
            assertEquals(T0.minusSeconds(3600), stored.createdAt());
            assertEquals(T0, stored.updatedAt());
            assertEquals(T0.minusSeconds(60), stored.startedAt());
        }

        /** Config numbers are kept exactly, value and notation, whatever a double could hold (docs/api.md, "Numbers"). */
        @Test
        void configNumbersComeBackExactly() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("thousand", new BigDecimal("1E+3"));
            config.put("scaled", new BigDecimal("1.50"));
            config.put("precise", new BigDecimal("0.1000000000000000055511151231257827"));
            config.put("tiny", new BigDecimal("1E-400"));
            config.put("huge", new BigDecimal("-1E+400"));
            config.put("negativeZero", -0.0);
            config.put("big", new BigInteger("123456789012345678901234567890"));

            ImportJob stored = get(create(JobFields.builder().createdBy("user_1").fileName("items.csv")
                    .config(config)).id());

            assertEquals(config, stored.config());
            for (String key : config.keySet()) {
                assertEquals(config.get(key).toString(), stored.config().get(key).toString(), key);
            }
        }

        @Test
        void getOfAnotherOrganizationsJobIsNotFound() {
            ImportJob job = create();

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> jobs.get(new JobRef(OTHER_ORG, job.id())));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "abc", "not-a-job-id", "0123456789ABCDEF01234567", "0123456789abcdef0123456",
                "0123456789abcdef012345678", "0123456789abcdef0123456g", "' OR 1=1 --"})
        void getOfAMalformedIdIsNotFound(String id) {
            create();

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> get(id));
        }

        @Test
        void aJobExistsInItsOwnOrganizationOnlyAndUntilDeleted() {
            ImportJob job = create();
            String unknown = job.id().substring(0, 23) + (job.id().endsWith("0") ? "1" : "0");

            assertTrue(jobs.exists(new JobRef(ORG, job.id())));
            assertFalse(jobs.exists(new JobRef(OTHER_ORG, job.id())));
            assertFalse(jobs.exists(new JobRef(ORG, unknown)));
            assertFalse(jobs.exists(new JobRef(ORG, "not-a-job-id")));
            jobs.delete(new JobRef(ORG, job.id()));
            assertFalse(jobs.exists(new JobRef(ORG, job.id())));
        }

        @Test
        void getOfAnUnknownWellFormedIdIsNotFound() {
            ImportJob job = create();
            String unknown = job.id().substring(0, 23) + (job.id().endsWith("0") ? "1" : "0");

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> get(unknown));
        }

        @Test
        void updateChangesOnlyTheGivenFieldsAndReturnsTheStoredJob() {
            ImportJob job = create(fields().action("inventory").workflowId("wf-1").totalRows(10L));
            clock.advance(Duration.ofSeconds(1));

            ImportJob updated = update(job.id(), JobFields.builder().summary("halfway").processedRows(5L));

            ImportJob expected = job.toBuilder().summary("halfway")
                    .counters(new Counters(10L, 5, 0, 0, 0, 0, 0, 0))
                    .updatedAt(T0.plusSeconds(1)).version(2).build();
            assertEquals(expected, updated);
            assertEquals(expected, get(job.id()));
        }

        @Test
        void updateMergesFileAndCreatedByFieldByField() {
            ImportJob job = create(JobFields.builder()
                    .createdBy(new CreatedBy("user_1", "ada@example.com", null, null, null, null))
                    .file(new FileInfo("items.csv", "text/csv", 10L, null, null, null, null, null, null)));

            update(job.id(), JobFields.builder()
                    .createdBy(new CreatedBy(null, null, "Ada", null, null, null))
                    .file(new FileInfo(null, null, null, "bucket-1", null, null, null, null, null)));

            ImportJob stored = get(job.id());
            assertEquals(new CreatedBy("user_1", "ada@example.com", "Ada", null, null, null), stored.createdBy());
            assertEquals(new FileInfo("items.csv", "text/csv", 10L, "bucket-1", null, null, null, null, null),
                    stored.file());
        }

        @Test
        void updateOfAnotherOrganizationsJobIsNotFoundAndChangesNothing() {
            ImportJob job = create();

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> jobs.update(new UpdateJobCommand(OTHER_ORG, job.id(),
                    JobFields.builder().summary("hijacked").build(), null)));
            assertEquals(job, get(job.id()));
        }

        @Test
        void updateOfAMalformedIdIsNotFound() {
            assertFails(ErrorCode.JOB_NOT_FOUND, () -> update("nope", JobFields.builder().summary("x")));
        }

        @Test
        void updateSettingTotalRowsBelowProcessedRowsIsRefusedAndChangesNothing() {
            ImportJob job = create(fields().processedRows(50L));

            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> update(job.id(), JobFields.builder().totalRows(49L)));
            assertEquals(job, get(job.id()));
        }

        @Test
        void deleteRemovesTheJobAndItsLineErrors() {
            ImportJob job = create(fields().errorReport(LineErrorReplacement.all(lines("bad ", 1, 3))));
            ImportJob kept = create();

            jobs.delete(new JobRef(ORG, job.id()));

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> get(job.id()));
            assertFails(ErrorCode.JOB_NOT_FOUND,
                    () -> jobs.listLineErrors(new ListLineErrorsQuery(ORG, job.id(), 1, 10, Set.of())));
            assertFails(ErrorCode.JOB_NOT_FOUND, () -> storedLines(job.id()));
            assertEquals(List.of(kept.id()), ids(list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 100).items()));
            assertEquals(kept, get(kept.id()));
        }

        @Test
        void deleteOfAMissingJobIsNotFound() {
            ImportJob job = create();
            jobs.delete(new JobRef(ORG, job.id()));

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> jobs.delete(new JobRef(ORG, job.id())));
            assertFails(ErrorCode.JOB_NOT_FOUND, () -> jobs.delete(new JobRef(ORG, "malformed")));
        }

        @Test
        void deleteOfAnotherOrganizationsJobIsNotFoundAndKeepsIt() {
            ImportJob job = create();

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> jobs.delete(new JobRef(OTHER_ORG, job.id())));
            assertEquals(job, get(job.id()));
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"COMPLETED", "CANCELLED"})
        void aFinalJobCanStillBeReadListedAndDeleted(JobStatus status) {
            ImportJob job = createIn(status);

            assertEquals(job, get(job.id()));
            assertEquals(List.of(job), list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).items());
            jobs.delete(new JobRef(ORG, job.id()));
            assertFails(ErrorCode.JOB_NOT_FOUND, () -> get(job.id()));
        }

        @Test
        void pingSucceedsOnAnOpenStore() {
            store.ping();
            create();
            store.ping();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Idempotent create (docs/model.md#idempotent-create)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Idempotency {
        @Test
        void repeatingACreateWithTheSameKeyAndContentReturnsTheSameJob() {
            CreateJobCommand command = new CreateJobCommand(ORG, fields().idempotencyKey("key-1").build());

            CreateResult first = jobs.create(command);
            clock.advance(Duration.ofSeconds(1));
            CreateResult second = jobs.create(command);

            assertFalse(first.replayed());
            assertTrue(second.replayed());
            assertEquals(first.job(), second.job());
            assertEquals(1, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }

        @Test
        void configKeyOrderAndStatusSpellingDoNotMakeADifferentCreate() {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("x", 1L);
            inner.put("y", List.of("a", "b"));
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("mode", "upsert");
            config.put("mapping", inner);
            Map<String, Object> innerReordered = new LinkedHashMap<>();
            innerReordered.put("y", List.of("a", "b"));
            innerReordered.put("x", 1);
            Map<String, Object> configReordered = new LinkedHashMap<>();
            configReordered.put("mapping", innerReordered);
            configReordered.put("mode", "upsert");

            CreateResult first = jobs.create(new CreateJobCommand(ORG,
                    fields().idempotencyKey("key-1").status("ACTIVE").config(config).build()));
            CreateResult second = jobs.create(new CreateJobCommand(ORG,
                    fields().idempotencyKey("key-1").status("inProgress").config(configReordered).build()));
            CreateResult third = jobs.create(new CreateJobCommand(ORG,
                    fields().idempotencyKey("key-1").status("in_progress").config(config).build()));

            assertFalse(first.replayed());
            assertTrue(second.replayed());
            assertTrue(third.replayed());
            assertEquals(first.job().id(), second.job().id());
            assertEquals(first.job().id(), third.job().id());
            assertEquals(1, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }

        @Test
        void sameKeyWithDifferentContentIsAConflictAndChangesNothing() {
            ImportJob job = create(fields().idempotencyKey("key-1"));

            assertFails(ErrorCode.IDEMPOTENCY_CONFLICT, () -> jobs.create(new CreateJobCommand(ORG,
                    fields().idempotencyKey("key-1").fileName("other.csv").build())));
            assertFails(ErrorCode.IDEMPOTENCY_CONFLICT, () -> jobs.create(new CreateJobCommand(ORG,
                    fields().idempotencyKey("key-1").status(JobStatus.CREATED).build())));

            assertEquals(List.of(job), list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).items());
        }

        @Test
        void keysDifferingOnlyInCaseAreDifferentKeys() {
            ImportJob lower = create(fields().idempotencyKey("key-a"));
            ImportJob upper = create(fields().idempotencyKey("KEY-A"));

            assertNotEquals(lower.id(), upper.id());
            assertEquals(2, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }

        @Test
        void createWithoutAKeyAlwaysMakesANewJob() {
            ImportJob first = create();
            ImportJob second = create();

            assertNotEquals(first.id(), second.id());
            assertEquals(2, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }

        @Test
        void keysAreScopedToTheirOrganization() {
            CreateResult mine = jobs.create(new CreateJobCommand(ORG, fields().idempotencyKey("key-1").build()));
            CreateResult theirs = jobs.create(new CreateJobCommand(OTHER_ORG,
                    fields().idempotencyKey("key-1").build()));

            assertFalse(theirs.replayed());
            assertNotEquals(mine.job().id(), theirs.job().id());
            assertEquals(OTHER_ORG, theirs.job().organizationId());
        }

        @Test
        void aDeletedJobsKeyCreatesANewJob() {
            CreateJobCommand command = new CreateJobCommand(ORG, fields().idempotencyKey("key-1").build());
            ImportJob first = jobs.create(command).job();
            jobs.delete(new JobRef(ORG, first.id()));

            CreateResult again = jobs.create(command);

            assertFalse(again.replayed());
            assertNotEquals(first.id(), again.job().id());
        }

        @Test
        void updateToAKeyAnotherJobHoldsIsAConflictAndChangesNothing() {
            create(fields().idempotencyKey("key-1"));
            ImportJob other = create(fields().idempotencyKey("key-2"));

            assertFails(ErrorCode.IDEMPOTENCY_CONFLICT,
                    () -> update(other.id(), JobFields.builder().idempotencyKey("key-1").summary("s")));
            assertEquals(other, get(other.id()));
        }

        /** The same after a chunk, when a store may write the job from the state it kept of it. */
        @Test
        void updateToAKeyAnotherJobHoldsAfterAChunkIsAConflictAndChangesNothing() {
            create(fields().idempotencyKey("key-1"));
            ImportJob other = create(fields().idempotencyKey("key-2"));
            chunk(other.id(), 0, 10);
            ImportJob afterChunk = get(other.id());

            assertFails(ErrorCode.IDEMPOTENCY_CONFLICT,
                    () -> update(other.id(), JobFields.builder().idempotencyKey("key-1").summary("s")));
            assertEquals(afterChunk, get(other.id()));
            assertTrue(chunk(other.id(), 1, 10).applied(), "the job's next write goes in");
        }

        @Test
        void updateToANewKeyReleasesTheOldOne() {
            ImportJob job = create(fields().idempotencyKey("key-1"));
            update(job.id(), JobFields.builder().idempotencyKey("key-2"));

            CreateResult again = jobs.create(new CreateJobCommand(ORG, fields().idempotencyKey("key-1").build()));

            assertFalse(again.replayed());
            assertNotEquals(job.id(), again.job().id());
            assertFails(ErrorCode.IDEMPOTENCY_CONFLICT,
                    () -> update(again.job().id(), JobFields.builder().idempotencyKey("key-2")));
        }

        @Test
        void concurrentCreatesWithOneKeyMakeExactlyOneJob() throws InterruptedException {
            CreateJobCommand command = new CreateJobCommand(ORG, fields().idempotencyKey("race").build());

            List<CreateResult> results = concurrently(THREADS, i -> () -> jobs.create(command));

            Set<String> ids = results.stream().map(r -> r.job().id()).collect(Collectors.toSet());
            assertEquals(1, ids.size(), "every create answers the same job");
            assertEquals(1, results.stream().filter(r -> !r.replayed()).count(), "exactly one create made it");
            Page<ImportJob> listed = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 100);
            assertEquals(1, listed.totalDocs());
            assertEquals(List.copyOf(ids), ids(listed.items()));
        }

        @Test
        void concurrentCreatesOverManyKeysMakeExactlyOneJobPerKey() throws InterruptedException {
            int keys = 200;
            List<CreateJobCommand> commands = IntStream.range(0, keys)
                    .mapToObj(k -> new CreateJobCommand(ORG, fields().idempotencyKey("key-" + k).build())).toList();

            List<List<CreateResult>> perThread = concurrently(THREADS, t -> () -> {
                List<CreateResult> results = new ArrayList<>();
                for (CreateJobCommand command : commands) {
                    results.add(jobs.create(command));
                }
                return results;
            });

            for (int k = 0; k < keys; k++) {
                int key = k;
                List<CreateResult> forKey = perThread.stream().map(results -> results.get(key)).toList();
                assertEquals(1, forKey.stream().map(r -> r.job().id()).distinct().count(), "key-" + k);
                assertEquals(1, forKey.stream().filter(r -> !r.replayed()).count(), "key-" + k);
            }
            assertEquals(keys, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Chunks, exactly once (docs/model.md#chunks-exactly-once)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Chunks {
        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"PENDING", "CREATED"})
        void firstChunkMovesTheJobToInProgressAndStampsStartedAt(JobStatus initial) {
            ImportJob job = createIn(initial);
            clock.advance(Duration.ofSeconds(3));

            ChunkResult result = chunk(job.id(), 0, 10);

            assertTrue(result.applied());
            assertEquals(JobStatus.IN_PROGRESS, result.job().status());
            assertEquals(T0.plusSeconds(3), result.job().startedAt());
            assertNull(result.job().completedAt());
            assertEquals(T0.plusSeconds(3), result.job().updatedAt());
            assertEquals(result.job(), get(job.id()));
        }

        @Test
        void laterChunksKeepTheFirstStartedAt() {
            ImportJob job = create();
            chunk(job.id(), 0, 1);
            clock.advance(Duration.ofSeconds(5));

            ChunkResult second = chunk(job.id(), 1, 1);

            assertEquals(T0, second.job().startedAt());
            assertEquals(T0.plusSeconds(5), second.job().updatedAt());
        }

        @Test
        void chunkAddsItsDeltasToTheCounters() {
            ImportJob job = create(fields().totalRows(1000L));
            jobs.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(0).rows(100L).successCount(90L)
                    .insertCount(60L).updateCount(30L).skipCount(10L).warningCount(4L).errorCount(6L).build());

            ChunkResult second = jobs.recordChunk(
                    RecordChunkCommand.builder(ORG, job.id()).chunkIndex(1).rows(50L).successCount(45L)
                            .insertCount(20L).updateCount(25L).skipCount(5L).warningCount(1L).errorCount(2L)
                            .build());

            Counters expected = new Counters(1000L, 150, 135, 80, 55, 15, 5, 8);
            assertEquals(expected, second.job().counters());
            assertEquals(3, second.job().version());
            assertEquals(expected, get(job.id()).counters());
        }

        @Test
        void chunkRetryIsIgnored() {
            ImportJob job = create();
            chunk(job.id(), 0, 10);
            clock.advance(Duration.ofSeconds(1));
            ImportJob before = get(job.id());

            ChunkResult retry = jobs.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(0).rows(999L)
                    .successCount(999L).insertCount(0L).updateCount(0L).skipCount(0L).warningCount(0L)
                    .errorCount(1L).totalRows(5000L).errors(List.of(LineError.error(3, "retried"))).build());

            assertFalse(retry.applied());
            assertEquals(before, retry.job());
            assertEquals(before, get(job.id()));
        }

        @Test
        void chunkRetryAfterLaterChunksIsIgnored() {
            ImportJob job = create();
            chunk(job.id(), 0, 10);
            chunk(job.id(), 1, 20);
            ImportJob before = get(job.id());

            assertFalse(chunk(job.id(), 0, 10).applied());
            assertFalse(chunk(job.id(), 1, 20).applied());
            assertEquals(before, get(job.id()));
            assertEquals(30, before.counters().processedRows());
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"FAILED", "COMPLETED", "CANCELLED"})
        void retryOfAChunkRecordedBeforeTheJobBecameFinalOrFailedAnswersNotApplied(JobStatus status) {
            ImportJob job = create(fields().status(JobStatus.IN_PROGRESS));
            chunk(job.id(), 0, 10);
            ImportJob stopped = setStatus(job.id(), status);

            ChunkResult retry = chunk(job.id(), 0, 10);

            assertFalse(retry.applied());
            assertEquals(stopped, retry.job());
            assertEquals(stopped, get(job.id()));
        }

        @Test
        void findIfChunkRecordedNeverAnswersForAChunkThatIsNotRecordedAndAnswersAsFindById() {
            ImportJob job = create();
            assertEquals(Optional.empty(), store.findIfChunkRecorded(ORG, job.id(), 0, 10));
            chunk(job.id(), 0, 10, lines("first ", 1, 12));
            chunk(job.id(), 2, 10);

            for (int limit : new int[] {0, 10}) {
                ImportJob expected = store.findById(ORG, job.id(), limit).orElseThrow();
                assertEquals(Optional.of(expected), store.findIfChunkRecorded(ORG, job.id(), 0, limit),
                        "chunk 0, up to the resume point, is answered");
                // Past the resume point a store may skip the look (docs/storage.md#retried-chunks), so chunk 2
                // may go unanswered; when it is answered, the answer is the job.
                store.findIfChunkRecorded(ORG, job.id(), 2, limit)
                        .ifPresent(found -> assertEquals(expected, found, "chunk 2"));
            }
            assertEquals(Optional.empty(), store.findIfChunkRecorded(ORG, job.id(), 1, 10), "a gap");
            assertEquals(Optional.empty(), store.findIfChunkRecorded(ORG, job.id(), 3, 10));
            assertEquals(Optional.empty(), store.findIfChunkRecorded(OTHER_ORG, job.id(), 0, 10));
            assertEquals(Optional.empty(), store.findIfChunkRecorded(ORG, create().id(), 0, 10),
                    "chunk records are per job");
            jobs.delete(new JobRef(ORG, job.id()));
            assertEquals(Optional.empty(), store.findIfChunkRecorded(ORG, job.id(), 0, 10));
        }

        @Test
        void lastProcessedChunkIndexIsNullUntilChunkZeroIsRecorded() {
            ImportJob job = create();

            assertNull(chunk(job.id(), 1, 1).job().lastProcessedChunkIndex());
            assertNull(chunk(job.id(), 2, 1).job().lastProcessedChunkIndex());
            assertEquals(2, chunk(job.id(), 0, 1).job().lastProcessedChunkIndex());
        }

        @Test
        void outOfOrderChunksAdvanceLastProcessedChunkIndexToTheHighestContiguousIndex() {
            ImportJob job = create();
            List<Integer> seen = new ArrayList<>();
            for (int index : new int[] {3, 0, 5, 1, 2, 7, 4, 6}) {
                ChunkResult result = chunk(job.id(), index, index + 1);
                assertTrue(result.applied());
                seen.add(result.job().lastProcessedChunkIndex());
            }

            assertEquals(Arrays.asList(null, 0, 0, 1, 3, 3, 5, 7), seen);
            ImportJob stored = get(job.id());
            assertEquals(36, stored.counters().processedRows());
            assertEquals(7, stored.lastProcessedChunkIndex());
            assertEquals(9, stored.version());
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"FAILED", "COMPLETED", "CANCELLED"})
        void chunkOnAFailedOrFinalJobIsRefusedAndChangesNothing(JobStatus status) {
            ImportJob job = createIn(status);
            clock.advance(Duration.ofSeconds(1));

            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> chunk(job.id(), 0, 10));
            assertEquals(job, get(job.id()));
        }

        @Test
        void resumedJobStillIgnoresChunksRecordedBeforeItFailed() {
            ImportJob job = create();
            chunk(job.id(), 0, 10);
            chunk(job.id(), 1, 10);
            setStatus(job.id(), JobStatus.FAILED);
            setStatus(job.id(), JobStatus.IN_PROGRESS);

            assertFalse(chunk(job.id(), 1, 10).applied());
            ChunkResult next = chunk(job.id(), 2, 10);

            assertTrue(next.applied());
            assertEquals(30, next.job().counters().processedRows());
            assertEquals(2, next.job().lastProcessedChunkIndex());
        }

        @Test
        void chunkPushingProcessedRowsPastTotalRowsIsRefusedAndChangesNothing() {
            ImportJob job = create(fields().totalRows(100L));
            chunk(job.id(), 0, 60);
            ImportJob before = get(job.id());

            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> jobs.recordChunk(RecordChunkCommand.builder(ORG, job.id())
                    .chunkIndex(1).rows(41L).successCount(41L).errorCount(1L)
                    .errors(List.of(LineError.error(70, "bad"))).build()));

            assertEquals(before, get(job.id()));
        }

        @Test
        void refusedChunkIsNotRecordedSoItsIndexCanApplyLater() {
            ImportJob job = create(fields().totalRows(100L));
            chunk(job.id(), 0, 60);
            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> chunk(job.id(), 1, 41));

            ChunkResult fitting = chunk(job.id(), 1, 40);

            assertTrue(fitting.applied());
            assertEquals(100, fitting.job().counters().processedRows());
            assertEquals(1, fitting.job().lastProcessedChunkIndex());
        }

        @Test
        void chunkReachingTotalRowsExactlyIsApplied() {
            ImportJob job = create(fields().totalRows(100L));

            ChunkResult result = chunk(job.id(), 0, 100);

            assertTrue(result.applied());
            assertEquals(new Counters(100L, 100, 0, 0, 0, 0, 0, 0), get(job.id()).counters());
        }

        @Test
        void chunkMaySetTotalRows() {
            ImportJob job = create();

            ChunkResult result = jobs.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(0).rows(10L)
                    .totalRows(500L).build());

            assertEquals(500L, result.job().counters().totalRows());
            assertEquals(500L, get(job.id()).counters().totalRows());
        }

        @Test
        void chunkSettingTotalRowsBelowProcessedRowsIsRefusedAndChangesNothing() {
            ImportJob job = create();
            chunk(job.id(), 0, 50);
            ImportJob before = get(job.id());

            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> jobs.recordChunk(RecordChunkCommand.builder(ORG, job.id())
                    .chunkIndex(1).rows(10L).totalRows(55L).build()));
            assertEquals(before, get(job.id()));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
        void chunkThatWouldOverflowACounterIsRefusedAndChangesNothing(int counter) {
            ImportJob job = create(fields().status(JobStatus.IN_PROGRESS));
            long max = Long.MAX_VALUE;
            update(job.id(), switch (counter) {
                case 0 -> JobFields.builder().processedRows(max);
                case 1 -> JobFields.builder().successCount(max);
                case 2 -> JobFields.builder().insertCount(max);
                case 3 -> JobFields.builder().updateCount(max);
                case 4 -> JobFields.builder().skipCount(max);
                case 5 -> JobFields.builder().warningCount(max);
                default -> JobFields.builder().errorCount(max);
            });
            ImportJob before = get(job.id());
            long[] deltas = new long[7];
            deltas[counter] = 1;

            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> jobs.recordChunk(RecordChunkCommand.builder(ORG, job.id())
                    .chunkIndex(0).rows(deltas[0]).successCount(deltas[1]).insertCount(deltas[2])
                    .updateCount(deltas[3]).skipCount(deltas[4]).warningCount(deltas[5]).errorCount(deltas[6])
                    .build()));
            assertEquals(before, get(job.id()));
        }

        @Test
        void chunkForAnotherOrganizationsJobIsNotFoundAndChangesNothing() {
            ImportJob job = create();

            assertFails(ErrorCode.JOB_NOT_FOUND,
                    () -> jobs.recordChunk(RecordChunkCommand.of(OTHER_ORG, job.id(), 0, 10)));
            assertEquals(job, get(job.id()));
            assertTrue(chunk(job.id(), 0, 10).applied(), "the refused chunk was not recorded");
        }

        @Test
        void chunkForAMalformedIdIsNotFound() {
            assertFails(ErrorCode.JOB_NOT_FOUND, () -> chunk("12345", 0, 10));
        }

        @Test
        void chunkIndexUpToTheMaximumIsRecordedOnce() {
            ImportJob job = create();
            chunk(job.id(), 0, 1);

            ChunkResult highest = chunk(job.id(), RecordChunkCommand.MAX_CHUNK_INDEX, 2);

            assertTrue(highest.applied());
            assertEquals(0, highest.job().lastProcessedChunkIndex());
            assertFalse(chunk(job.id(), RecordChunkCommand.MAX_CHUNK_INDEX, 2).applied());
            assertEquals(3, get(job.id()).counters().processedRows());
        }

        @Test
        void chunkIndexesAreCountedPerJob() {
            ImportJob first = create();
            ImportJob second = create();
            chunk(first.id(), 0, 10);

            ChunkResult result = chunk(second.id(), 0, 20);

            assertTrue(result.applied());
            assertEquals(20, result.job().counters().processedRows());
            assertEquals(10, get(first.id()).counters().processedRows());
        }

        @Test
        void concurrentRetriesOfOneChunkApplyItOnce() throws InterruptedException {
            ImportJob job = create();

            List<ChunkResult> results = concurrently(THREADS, i -> () -> chunk(job.id(), 0, 7));

            assertEquals(1, results.stream().filter(ChunkResult::applied).count());
            ImportJob stored = get(job.id());
            assertEquals(7, stored.counters().processedRows());
            assertEquals(2, stored.version());
            assertEquals(0, stored.lastProcessedChunkIndex());
        }

        @Test
        void concurrentChunksCountEveryDistinctChunkExactlyOnce() throws InterruptedException {
            ImportJob job = create();
            int chunks = 320;
            int gap = 250;
            int shared = 24;
            TreeSet<Integer> distinct = new TreeSet<>();
            List<List<Integer>> plans = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Integer> plan = new ArrayList<>();
                for (int index = t; index < chunks; index += THREADS) {
                    if (index != gap) {
                        plan.add(index);
                        plan.add(index); // its own retry
                    }
                }
                for (int index = 0; index < shared; index++) {
                    plan.add(index); // every thread also sends the shared indexes
                }
                Collections.shuffle(plan, new Random(t));
                plans.add(plan);
                plan.forEach(distinct::add);
            }
            int sends = plans.stream().mapToInt(List::size).sum();

            List<Integer> appliedPerThread = concurrently(THREADS, t -> () -> {
                int applied = 0;
                for (int index : plans.get(t)) {
                    if (jobs.recordChunk(chunkOf(job.id(), index)).applied()) {
                        applied++;
                    }
                }
                return applied;
            });

            assertEquals(chunks - 1, distinct.size());
            assertEquals(distinct.size(), appliedPerThread.stream().mapToInt(Integer::intValue).sum(),
                    "each distinct chunk applied exactly once out of " + sends + " sends");
            ImportJob stored = get(job.id());
            assertEquals(expectedCounters(distinct), stored.counters());
            assertEquals(gap - 1, stored.lastProcessedChunkIndex());
            assertEquals(1 + distinct.size(), stored.version());
            assertEquals(JobStatus.IN_PROGRESS, stored.status());
            assertEquals(T0, stored.startedAt());

            distinct.add(gap);
            ChunkResult filled = jobs.recordChunk(chunkOf(job.id(), gap));
            assertTrue(filled.applied());
            assertEquals(chunks - 1, filled.job().lastProcessedChunkIndex());
            assertEquals(expectedCounters(distinct), get(job.id()).counters());
        }

        private RecordChunkCommand chunkOf(String id, int i) {
            return RecordChunkCommand.builder(ORG, id).chunkIndex(i).rows(i + 1L).successCount((long) i)
                    .insertCount(i / 2L).updateCount(i - i / 2L).skipCount(1L).warningCount(i % 3L)
                    .errorCount(i % 5L).build();
        }

        private Counters expectedCounters(Set<Integer> indexes) {
            long rows = 0;
            long success = 0;
            long inserts = 0;
            long updates = 0;
            long skips = 0;
            long warnings = 0;
            long errors = 0;
            for (int i : indexes) {
                rows += i + 1;
                success += i;
                inserts += i / 2;
                updates += i - i / 2;
                skips += 1;
                warnings += i % 3;
                errors += i % 5;
            }
            return new Counters(null, rows, success, inserts, updates, skips, warnings, errors);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The change feed (docs/storage.md#the-change-feed)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class ChangeFeed {
        private JobChanges since(long after) {
            return jobs.changesSince(ORG, after, ImportJobs.MAX_CHANGES_PER_READ);
        }

        private long now() {
            return since(0).latest();
        }

        private static List<String> changedIds(JobChanges read) {
            return read.changes().stream().map(JobChange::jobId).toList();
        }

        private static void assertAscending(List<JobChange> changes) {
            for (int i = 1; i < changes.size(); i++) {
                assertTrue(changes.get(i - 1).position() < changes.get(i).position(), "positions ascend: " + changes);
            }
        }

        @Test
        void anEmptyFeedHasNothingAndResumesFromTheStart() {
            JobChanges read = since(0);

            assertEquals(List.of(), read.changes());
            assertFalse(read.more());
            assertTrue(read.resumable());
            assertEquals(read.latest(), read.next());
        }

        @Test
        void eachWriteMovesItsJobToTheEndOfTheFeedAsItIsNow() {
            long start = now();
            ImportJob a = create(fields().fileName("a.csv"));
            ImportJob b = create(fields().fileName("b.csv"));
            ImportJob a2 = update(a.id(), JobFields.builder().summary("half way"));

            JobChanges read = since(start);

            assertEquals(List.of(b.id(), a.id()), changedIds(read));
            assertEquals(b, read.changes().get(0).job());
            assertEquals(a2, read.changes().get(1).job());
            assertAscending(read.changes());
            assertTrue(read.changes().get(0).position() > start);
            assertTrue(read.latest() >= read.changes().get(1).position());
            assertTrue(read.resumable());
            assertFalse(read.more());
            assertEquals(read.latest(), read.next());
        }

        @Test
        void aReadFromAPositionHasOnlyWhatChangedAfterIt() {
            ImportJob a = create();
            create();
            long mark = now();
            chunk(a.id(), 0, 10);

            JobChanges read = since(mark);

            assertEquals(List.of(a.id()), changedIds(read));
            assertEquals(10, read.changes().get(0).job().counters().processedRows());
            assertEquals(List.of(), since(read.next()).changes());
        }

        @Test
        void writesThatChangeNothingDoNotMoveTheJob() {
            ImportJob job = create();
            chunk(job.id(), 0, 10);
            long mark = now();

            assertFalse(chunk(job.id(), 0, 10).applied(), "a retried chunk");
            update(job.id(), JobFields.builder().fileName(job.file().originalName()));
            assertFails(ErrorCode.TRANSITION_NOT_ALLOWED, () -> setStatus(job.id(), JobStatus.PENDING));

            assertEquals(List.of(), since(mark).changes());
        }

        @Test
        void aDeletionTakesTheJobsPlaceInTheFeed() {
            ImportJob kept = create();
            ImportJob gone = create();
            long mark = now();

            jobs.delete(new JobRef(ORG, gone.id()));

            JobChanges read = since(mark);
            assertEquals(1, read.changes().size());
            JobChange deletion = read.changes().get(0);
            assertTrue(deletion.isDeletion());
            assertEquals(gone.id(), deletion.jobId());
            assertNull(deletion.job());
            JobChanges all = since(0);
            assertEquals(List.of(kept.id(), gone.id()), changedIds(all));
            assertFalse(all.changes().get(0).isDeletion());
            assertTrue(all.changes().get(1).isDeletion());
        }

        @Test
        void anotherOrganizationsChangesNeverAppear() {
            long mark = now();
            long otherMark = jobs.changesSince(OTHER_ORG, 0, 10).latest();
            ImportJob mine = create();
            ImportJob theirs = create(OTHER_ORG, fields());
            jobs.recordChunk(RecordChunkCommand.of(OTHER_ORG, theirs.id(), 0, 5));
            ImportJob theirsGone = create(OTHER_ORG, fields());
            jobs.delete(new JobRef(OTHER_ORG, theirsGone.id()));

            assertEquals(List.of(mine.id()), changedIds(since(mark)));
            assertEquals(List.of(theirs.id(), theirsGone.id()), changedIds(jobs.changesSince(OTHER_ORG, otherMark, 10)));
        }

        @Test
        void aLimitedReadSaysMoreFollowAndTheNextReadContinuesAfterIt() {
            long mark = now();
            List<String> created = IntStream.range(0, 7).mapToObj(i -> create().id()).toList();

            List<String> read = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            long after = mark;
            JobChanges page;
            do {
                page = jobs.changesSince(ORG, after, 3);
                read.addAll(changedIds(page));
                sizes.add(page.changes().size());
                after = page.next();
            } while (page.more());

            assertEquals(created, read);
            assertEquals(List.of(3, 3, 1), sizes);
        }

        @Test
        void aChangeCarriesTheListPreviewOfLineErrors() {
            ImportJob job = create();
            chunk(job.id(), 0, 15, lines("bad ", 1, 15));

            ImportJob changed = since(0).changes().get(0).job();

            assertEquals(messages(lines("bad ", 1, ImportJobs.LIST_PREVIEW_LINE_ERRORS)), messages(changed.errorReport()));
            assertTrue(changed.errorReportHasMore());
        }

        @Test
        void aPositionLaterThanAnyGivenIsNotResumable() {
            create();
            long latest = now();

            assertTrue(jobs.changesSince(ORG, latest, 10).resumable());
            assertFalse(jobs.changesSince(ORG, latest + 1_000_000, 10).resumable());
        }

        @Test
        void onlyTheNewestDeletionsAreKeptAndAReadFromBeforeAForgottenOneIsNotResumable() {
            List<String> ids = IntStream.range(0, JobChanges.DELETIONS_KEPT + 2).mapToObj(i -> create().id()).toList();
            long beforeDeletions = now();
            ids.forEach(id -> jobs.delete(new JobRef(ORG, id)));

            JobChanges fromBefore = jobs.changesSince(ORG, beforeDeletions, JobChanges.DELETIONS_KEPT);

            assertFalse(fromBefore.resumable(), "the two oldest deletions were forgotten");
            assertFalse(fromBefore.more());
            assertEquals(ids.subList(2, ids.size()), changedIds(fromBefore));
            assertTrue(fromBefore.changes().stream().allMatch(JobChange::isDeletion));
            long firstKept = fromBefore.changes().get(0).position();
            JobChanges fromKept = jobs.changesSince(ORG, firstKept - 1, JobChanges.DELETIONS_KEPT);
            assertTrue(fromKept.resumable(), "nothing after the newest forgotten deletion is missing");
            assertEquals(changedIds(fromBefore), changedIds(fromKept));
        }

        /**
         * Writers chunk, update and delete while a reader follows the feed in small reads: it sees positions
         * only ascend, each job's states in order and none twice, and at the end every job as it is.
         */
        @Test
        void aReaderFollowingConcurrentWritersSeesEachStateOnceInOrder() throws InterruptedException {
            long start = now();
            ImportJob shared = create();
            CountDownLatch writing = new CountDownLatch(THREADS);
            List<List<JobChange>> results = concurrently(THREADS + 1, t -> () -> {
                if (t == THREADS) {
                    List<JobChange> seen = new ArrayList<>();
                    long after = start;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (true) {
                        if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadline > 0) {
                            throw new AssertionError("the reader did not see the writers finish within 120 s");
                        }
                        // Read after the writers were seen done: that read and those after it see every write.
                        boolean finished = writing.getCount() == 0;
                        JobChanges page = jobs.changesSince(ORG, after, 7);
                        seen.addAll(page.changes());
                        after = page.next();
                        if (finished && !page.more()) {
                            return seen;
                        }
                    }
                }
                try {
                    ImportJob mine = create();
                    ImportJob doomed = create();
                    for (int i = 0; i < 8; i++) {
                        chunk(mine.id(), i, 1);
                        chunk(doomed.id(), i, 1);
                        chunk(shared.id(), t + i * THREADS, 1);
                    }
                    update(doomed.id(), JobFields.builder().summary("going"));
                    jobs.delete(new JobRef(ORG, doomed.id()));
                    return List.of();
                } finally {
                    writing.countDown();
                }
            });
            List<JobChange> seen = results.get(THREADS);

            assertAscending(seen);
            Map<String, List<JobChange>> byJob = seen.stream().collect(Collectors.groupingBy(JobChange::jobId,
                    LinkedHashMap::new, Collectors.toList()));
            assertEquals(1 + 2 * THREADS, byJob.size(), "every job was seen");
            AtomicInteger deletions = new AtomicInteger();
            byJob.forEach((id, states) -> {
                for (int i = 0; i < states.size(); i++) {
                    JobChange state = states.get(i);
                    if (state.isDeletion()) {
                        assertEquals(states.size() - 1, i, "nothing of job " + id + " after its deletion");
                        deletions.incrementAndGet();
                    } else if (i > 0) {
                        assertTrue(states.get(i - 1).job().version() < state.job().version(),
                                "job " + id + " seen in version order, each version once: " + states);
                    }
                }
                JobChange last = states.get(states.size() - 1);
                if (!last.isDeletion()) {
                    assertEquals(get(id), last.job(), "the last state seen is the job now");
                }
            });
            assertEquals(THREADS, deletions.get());
            assertEquals(8L * THREADS, get(shared.id()).counters().processedRows());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Status and time (docs/model.md#status-and-time)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class StatusAndTime {
        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("dev.importjobs.core.testkit.JobStoreContract#statusPairs")
        void statusTransitionFollowsTheContract(JobStatus from, JobStatus to) {
            ImportJob before = createIn(from);
            assertEquals(from, before.status());
            clock.advance(Duration.ofSeconds(1));

            if (from == to) {
                assertEquals(before, setStatus(before.id(), to), "a status to itself is a no-op");
                assertEquals(before, get(before.id()));
            } else if (ALLOWED_TRANSITIONS.get(from).contains(to)) {
                ImportJob after = setStatus(before.id(), to);
                assertEquals(to, after.status());
                assertEquals(before.version() + 1, after.version());
                assertEquals(clock.instant(), after.updatedAt());
                assertEquals(after, get(before.id()));
            } else if (from == JobStatus.COMPLETED || from == JobStatus.CANCELLED) {
                assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> setStatus(before.id(), to));
                assertEquals(before, get(before.id()));
            } else {
                ImportJobsException e = assertFails(ErrorCode.TRANSITION_NOT_ALLOWED, () -> setStatus(before.id(), to));
                assertTrue(e.getMessage().contains(from.wireName()) && e.getMessage().contains(to.wireName()),
                        e.getMessage());
                assertEquals(before, get(before.id()));
            }
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
        void createCannotStartInALaterStatus(JobStatus status) {
            assertInvalid("status", () -> jobs.create(new CreateJobCommand(ORG, fields().status(status).build())));
            assertEquals(0, list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).totalDocs());
        }

        @Test
        void createAsInProgressStampsStartedAt() {
            clock.set(T0.plusSeconds(7));

            ImportJob job = create(fields().status("IN-PROGRESS"));

            assertEquals(JobStatus.IN_PROGRESS, job.status());
            assertEquals(T0.plusSeconds(7), job.startedAt());
            assertEquals(job, get(job.id()));
        }

        @Test
        void enteringInProgressStampsStartedAtOnlyTheFirstTime() {
            ImportJob job = create();
            clock.set(T0.plusSeconds(10));
            assertEquals(T0.plusSeconds(10), setStatus(job.id(), JobStatus.IN_PROGRESS).startedAt());
            clock.set(T0.plusSeconds(20));
            setStatus(job.id(), JobStatus.FAILED);
            clock.set(T0.plusSeconds(30));

            ImportJob resumed = setStatus(job.id(), JobStatus.IN_PROGRESS);

            assertEquals(T0.plusSeconds(10), resumed.startedAt());
            assertEquals(T0.plusSeconds(30), resumed.updatedAt());
            assertEquals(resumed, get(job.id()));
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
        void enteringATerminalStatusStampsCompletedAt(JobStatus terminal) {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);
            clock.set(T0.plusSeconds(42));

            ImportJob done = setStatus(job.id(), terminal);

            assertEquals(T0.plusSeconds(42), done.completedAt());
            assertEquals(T0.plusSeconds(42), done.updatedAt());
            assertEquals(T0, done.startedAt());
            assertEquals(done, get(job.id()));
        }

        @Test
        void resumingAFailedJobClearsCompletedAt() {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);
            clock.set(T0.plusSeconds(5));
            assertEquals(T0.plusSeconds(5), setStatus(job.id(), JobStatus.FAILED).completedAt());
            clock.set(T0.plusSeconds(6));

            ImportJob resumed = setStatus(job.id(), JobStatus.IN_PROGRESS);

            assertNull(resumed.completedAt());
            assertNull(get(job.id()).completedAt());
            clock.set(T0.plusSeconds(9));
            assertEquals(T0.plusSeconds(9), setStatus(job.id(), JobStatus.COMPLETED).completedAt());
        }

        @Test
        void suppliedTimesAreKeptInsteadOfTheClock() {
            Instant created = Instant.parse("2023-05-01T10:00:00.123Z");
            Instant started = Instant.parse("2023-05-01T10:01:00.456Z");
            Instant completed = Instant.parse("2023-05-01T11:00:00.789Z");
            Instant updated = Instant.parse("2023-05-01T11:00:01Z");
            ImportJob job = create(fields().createdAt(created));
            clock.advance(Duration.ofHours(1));

            update(job.id(), JobFields.builder().status(JobStatus.IN_PROGRESS).startedAt(started));
            ImportJob done = update(job.id(),
                    JobFields.builder().status(JobStatus.COMPLETED).completedAt(completed).updatedAt(updated));

            assertEquals(created, done.createdAt());
            assertEquals(started, done.startedAt());
            assertEquals(completed, done.completedAt());
            assertEquals(updated, done.updatedAt());
            assertEquals(done, get(job.id()));
        }

        @Test
        void aSuppliedUpdatedAtAloneIsKept() {
            ImportJob job = create();
            clock.advance(Duration.ofHours(1));
            Instant backfilled = Instant.parse("2023-12-31T23:00:00.250Z");

            ImportJob updated = update(job.id(), JobFields.builder().updatedAt(backfilled));

            assertEquals(backfilled, updated.updatedAt());
            assertEquals(2, updated.version());
            assertEquals(updated, get(job.id()));
        }

        @Test
        void timesAreKeptToTheMillisecond() {
            clock.set(T0.plusNanos(123_456_789));
            ImportJob job = create(fields().startedAt(T0.plusNanos(987_654_321)));

            assertEquals(T0.plusMillis(123), job.createdAt());
            assertEquals(T0.plusMillis(987), job.startedAt());
            assertEquals(job, get(job.id()));
        }

        @Test
        void everyChangeStampsUpdatedAtAndBumpsTheVersionByOne() {
            ImportJob job = create();
            clock.set(T0.plusSeconds(1));
            ImportJob first = update(job.id(), JobFields.builder().summary("one"));
            clock.set(T0.plusSeconds(2));
            ImportJob second = chunk(job.id(), 0, 5).job();
            clock.set(T0.plusSeconds(3));
            ImportJob third = update(job.id(), JobFields.builder().errorReport(
                    LineErrorReplacement.all(List.of(LineError.error(1, "x")))));

            assertEquals(List.of(2L, 3L, 4L), List.of(first.version(), second.version(), third.version()));
            assertEquals(List.of(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3)),
                    List.of(first.updatedAt(), second.updatedAt(), third.updatedAt()));
            assertEquals(T0, third.createdAt());
        }

        @Test
        void aNoOpUpdateKeepsTheVersionAndUpdatedAt() {
            ImportJob job = create(fields().summary("same").action("inventory"));
            clock.advance(Duration.ofSeconds(1));

            ImportJob after = update(job.id(), JobFields.builder().summary("same").action("inventory")
                    .status("PENDING"));

            assertEquals(job, after);
            assertEquals(job, get(job.id()));
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"COMPLETED", "CANCELLED"})
        void aFinalJobRejectsChangesAndKeepsItsState(JobStatus status) {
            ImportJob job = createIn(status);
            clock.advance(Duration.ofSeconds(1));

            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> update(job.id(), JobFields.builder().summary("late")));
            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> update(job.id(), JobFields.builder().processedRows(5L)));
            assertFails(ErrorCode.JOB_NOT_WRITABLE, () -> update(job.id(), JobFields.builder()
                    .errorReport(LineErrorReplacement.all(List.of()))));
            assertEquals(job, get(job.id()));
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"COMPLETED", "CANCELLED"})
        void aNoOpUpdateOnAFinalJobIsAllowedAndKeepsTheVersion(JobStatus status) {
            ImportJob job = createIn(status);
            clock.advance(Duration.ofSeconds(1));

            ImportJob after = jobs.update(new UpdateJobCommand(ORG, job.id(),
                    JobFields.builder().status(status.wireName().toUpperCase()).createdBy("user_1").build(),
                    job.version()));

            assertEquals(job, after);
            assertEquals(job, get(job.id()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Versions
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Versions {
        @Test
        void updateWithTheCurrentExpectedVersionApplies() {
            ImportJob job = create();

            ImportJob updated = jobs.update(new UpdateJobCommand(ORG, job.id(),
                    JobFields.builder().summary("v2").build(), 1L));

            assertEquals(2, updated.version());
            assertEquals("v2", get(job.id()).summary());
        }

        @Test
        void updateWithAStaleExpectedVersionIsAConflictAndChangesNothing() {
            ImportJob job = create();
            ImportJob current = update(job.id(), JobFields.builder().summary("v2"));

            ImportJobsException e = assertFails(ErrorCode.VERSION_CONFLICT, () -> jobs.update(
                    new UpdateJobCommand(ORG, job.id(), JobFields.builder().summary("stale").build(), 1L)));

            assertTrue(e.getMessage().contains("1") && e.getMessage().contains("2"), e.getMessage());
            assertEquals(current, get(job.id()));
        }

        @Test
        void onlyOneOfManyConcurrentUpdatesAtOneVersionSucceeds() throws InterruptedException {
            ImportJob job = create();

            List<ErrorCode> outcomes = concurrently(THREADS, i -> () -> {
                try {
                    jobs.update(new UpdateJobCommand(ORG, job.id(),
                            JobFields.builder().summary("writer-" + i).build(), job.version()));
                    return null;
                } catch (ImportJobsException e) {
                    return e.code();
                }
            });

            List<Integer> winners = IntStream.range(0, THREADS).filter(i -> outcomes.get(i) == null).boxed().toList();
            assertEquals(1, winners.size(), "outcomes: " + outcomes);
            assertEquals(THREADS - 1, outcomes.stream().filter(c -> c == ErrorCode.VERSION_CONFLICT).count());
            ImportJob stored = get(job.id());
            assertEquals(2, stored.version());
            assertEquals("writer-" + winners.get(0), stored.summary());
        }

        @Test
        void eachVersionIsWonByExactlyOneConcurrentUpdater() throws InterruptedException {
            ImportJob job = create();
            int rounds = 25;

            List<List<Attempt>> perThread = concurrently(THREADS, t -> () -> {
                List<Attempt> attempts = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    long seen = get(job.id()).version();
                    String summary = "t" + t + "-r" + round;
                    try {
                        ImportJob after = jobs.update(new UpdateJobCommand(ORG, job.id(),
                                JobFields.builder().summary(summary).build(), seen));
                        assertEquals(seen + 1, after.version());
                        attempts.add(new Attempt(seen, summary, null));
                    } catch (ImportJobsException e) {
                        attempts.add(new Attempt(seen, summary, e.code()));
                    }
                }
                return attempts;
            });

            List<Attempt> attempts = perThread.stream().flatMap(List::stream).toList();
            List<Attempt> wins = attempts.stream().filter(a -> a.failure() == null).toList();
            assertEquals(THREADS * rounds, attempts.size());
            assertEquals(attempts.size() - wins.size(),
                    attempts.stream().filter(a -> a.failure() == ErrorCode.VERSION_CONFLICT).count(),
                    "every failure is a version conflict");
            Set<Long> wonVersions = wins.stream().map(Attempt::expectedVersion).collect(Collectors.toSet());
            assertEquals(wins.size(), wonVersions.size(), "no version was won twice");
            assertEquals(LongStream.rangeClosed(1, wins.size()).boxed().collect(Collectors.toSet()), wonVersions,
                    "the versions won are exactly 1..successes");
            ImportJob stored = get(job.id());
            assertEquals(1 + wins.size(), stored.version());
            Attempt last = wins.stream().max(Comparator.comparingLong(Attempt::expectedVersion)).orElseThrow();
            assertEquals(last.summary(), stored.summary(), "the last winner's write is the one stored");
        }
    }

    /** One concurrent update attempt: the version it expected, what it wrote, and how it failed (or null). */
    protected record Attempt(long expectedVersion, String summary, ErrorCode failure) {
    }

    // ---------------------------------------------------------------------------------------------
    // Listing: order, filters, isolation, cursors (docs/model.md#listing-and-pages)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Listing {
        private final Map<String, String> names = new HashMap<>();
        private List<ImportJob> fixture;
        private String otherOrgJob;

        /**
         * Nine jobs whose every sort key has ties (and nulls where the field can be null), and one job of
         * another organization.
         */
        @BeforeEach
        void createFixture() {
            clock.set(T0);
            String a = make("A", "alice", "b.csv", "inventory", 100L, null);
            make("B", "alice", "a.csv", null, null, null);
            String c = make("C", "alice", "b.csv", "inventory", 100L, null);
            clock.set(T0.plusSeconds(1));
            String d = make("D", "alice", "Z.csv", "users", 50L, null);
            String e = make("E", "alice", "\u00fc.csv", null, null, null);
            clock.set(T0.plusSeconds(2));
            String f = make("F", "bob", "\ud83d\ude00.csv", "users", 100L, null);
            String g = make("G", "bob", "\ufffd.csv", "inventory", 10L, null);
            make("H", "bob", "a.csv", "users", null, null);
            clock.set(T0.plusSeconds(3));
            make("I", "bob", "b.csv", "Users", 0L, JobStatus.IN_PROGRESS);
            otherOrgJob = create(OTHER_ORG, fields().createdBy("alice").fileName("b.csv").action("inventory")).id();

            clock.set(T0.plusSeconds(10));
            update(a, JobFields.builder().status(JobStatus.IN_PROGRESS).processedRows(40L).errorCount(2L));
            update(c, JobFields.builder().status(JobStatus.IN_PROGRESS).processedRows(40L).errorCount(0L));
            clock.set(T0.plusSeconds(11));
            update(d, JobFields.builder().status(JobStatus.IN_PROGRESS).processedRows(50L).errorCount(2L));
            clock.set(T0.plusSeconds(12));
            setStatus(d, JobStatus.COMPLETED);
            update(f, JobFields.builder().status(JobStatus.IN_PROGRESS).processedRows(7L).errorCount(5L));
            setStatus(f, JobStatus.FAILED);
            clock.set(T0.plusSeconds(13));
            setStatus(g, JobStatus.CANCELLED);
            setStatus(e, JobStatus.CREATED);

            fixture = names.keySet().stream().map(JobStoreContract.this::get).toList();
        }

        private String make(String name, String createdBy, String fileName, String action, Long totalRows,
                JobStatus status) {
            String id = create(JobFields.builder().createdBy(createdBy).fileName(fileName).action(action)
                    .totalRows(totalRows).status(status)).id();
            names.put(id, name);
            return id;
        }

        private List<String> named(List<ImportJob> listed) {
            return listed.stream().map(job -> names.getOrDefault(job.id(), "?" + job.id())).toList();
        }

        private List<String> expected(SortField field, boolean descending, Set<String> only) {
            return fixture.stream().filter(job -> only == null || only.contains(names.get(job.id())))
                    .sorted(expectedOrder(field, descending)).map(job -> names.get(job.id())).toList();
        }

        @ParameterizedTest(name = "{0} descending={1}")
        @MethodSource("dev.importjobs.core.testkit.JobStoreContract#sortOrders")
        void everySortFieldOrdersJobsWithNullsLastAndTiesById(SortField field, boolean descending) {
            assertFixtureHasTiesAndNulls(field);

            Page<ImportJob> page = list(ORG, new Sort(field, descending), JobFilter.ALL, 1, 100);

            assertEquals(expected(field, descending, null), named(page.items()));
            assertEquals(9, page.totalDocs());
        }

        private void assertFixtureHasTiesAndNulls(SortField field) {
            List<Object> keys = fixture.stream().map(job -> expectedKey(field, job)).toList();
            List<Object> present = keys.stream().filter(k -> k != null).toList();
            assertTrue(new HashSet<>(present).size() < present.size(), "the fixture has no tie for " + field);
            if (field.isNullable()) {
                assertTrue(keys.size() - present.size() >= 2, "the fixture has fewer than 2 nulls for " + field);
            }
        }

        @Test
        void defaultOrderIsNewestFirst() {
            Page<ImportJob> page = jobs.list(ListJobsQuery.firstPage(ORG));

            assertEquals(expected(SortField.CREATED_AT, true, null), named(page.items()));
            assertEquals("I", named(page.items()).get(0));
        }

        @Test
        void statusFilterWithOneStatusKeepsOnlyThatStatus() {
            assertFilter(new JobFilter(Set.of(JobStatus.PENDING), null, null), Set.of("B", "H"));
        }

        @Test
        void statusFilterWithSeveralStatusesKeepsAnyOfThem() {
            assertFilter(new JobFilter(JobFilter.parseStatuses("pending,ACTIVE"), null, null),
                    Set.of("A", "B", "C", "H", "I"));
        }

        @Test
        void actionFilterMatchesTheExactAction() {
            assertFilter(new JobFilter(Set.of(), "users", null), Set.of("D", "F", "H"));
        }

        @Test
        void createdByFilterMatchesTheCreator() {
            assertFilter(new JobFilter(Set.of(), null, "bob"), Set.of("F", "G", "H", "I"));
        }

        @Test
        void filtersCombine() {
            assertFilter(new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED, JobStatus.IN_PROGRESS), "users",
                    "bob"), Set.of("F", "H"));
        }

        @Test
        void filterMatchingNothingGivesOneEmptyPage() {
            Page<ImportJob> page = list(ORG, Sort.DEFAULT, new JobFilter(Set.of(), null, "nobody"), 1, 10);

            assertEquals(List.of(), page.items());
            assertEquals(0, page.totalDocs());
            assertEquals(1, page.totalPages());
            assertFalse(page.hasNextPage());
            assertNull(page.nextCursor());
        }

        private void assertFilter(JobFilter filter, Set<String> expectedNames) {
            Page<ImportJob> page = list(ORG, Sort.DEFAULT, filter, 1, 100);

            assertEquals(expected(SortField.CREATED_AT, true, expectedNames), named(page.items()));
            assertEquals(expectedNames, Set.copyOf(named(page.items())));
            assertEquals(expectedNames.size(), page.totalDocs());
        }

        @Test
        void listingShowsOnlyTheOrganizationsJobs() {
            Page<ImportJob> mine = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 100);
            Page<ImportJob> theirs = list(OTHER_ORG, Sort.DEFAULT, JobFilter.ALL, 1, 100);
            Page<ImportJob> nobodys = list("org_empty", Sort.DEFAULT, JobFilter.ALL, 1, 100);

            assertEquals(names.keySet(), Set.copyOf(ids(mine.items())));
            assertEquals(9, mine.totalDocs());
            assertEquals(List.of(otherOrgJob), ids(theirs.items()));
            assertEquals(1, theirs.totalDocs());
            assertEquals(0, nobodys.totalDocs());
        }

        @Test
        void listedJobsEqualTheStoredJobs() {
            Page<ImportJob> page = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 100);

            for (ImportJob listed : page.items()) {
                assertEquals(get(listed.id()), listed);
            }
        }

        @ParameterizedTest(name = "sort={0} status={1} action={2} createdBy={3}")
        @MethodSource("dev.importjobs.core.testkit.JobStoreContract#walks")
        void cursorWalkReturnsTheSameSequenceAsThePageWalk(String sort, String status, String action,
                String createdBy) {
            ListJobsQuery all = ListJobsQuery.parse(ORG, "1", "100", sort, status, action, createdBy, null);
            List<String> expected = ids(jobs.list(all).items());
            assertTrue(expected.size() > 2, "the walk spans several pages");

            List<String> byPage = walkPages(all.sort(), all.filter(), 2);
            List<String> byCursor = walkCursor(all.sort(), all.filter(), 2);

            assertEquals(expected, byPage);
            assertEquals(expected, byCursor);
        }

        private List<String> walkPages(Sort sort, JobFilter filter, int limit) {
            List<String> seen = new ArrayList<>();
            for (long page = 1; page <= 20; page++) {
                Page<ImportJob> current = list(ORG, sort, filter, page, limit);
                assertEquals(page, current.page());
                seen.addAll(ids(current.items()));
                if (!current.hasNextPage()) {
                    assertNull(current.nextPage());
                    return seen;
                }
                assertEquals(page + 1, current.nextPage());
            }
            return fail("the page walk did not end");
        }

        private List<String> walkCursor(Sort sort, JobFilter filter, int limit) {
            Page<ImportJob> first = list(ORG, sort, filter, 1, limit);
            List<String> seen = new ArrayList<>(ids(first.items()));
            String cursor = first.nextCursor();
            for (int step = 0; step < 20; step++) {
                if (cursor == null) {
                    return seen;
                }
                Page<ImportJob> next = listAfter(ORG, sort, filter, cursor, limit);
                assertNull(next.page());
                assertNull(next.pagingCounter());
                assertNull(next.prevPage());
                assertNull(next.nextPage());
                assertEquals(next.nextCursor() != null, next.hasNextPage());
                assertEquals(first.totalDocs(), next.totalDocs());
                seen.addAll(ids(next.items()));
                cursor = next.nextCursor();
            }
            return fail("the cursor walk did not end");
        }

        @Test
        void cursorContinuesWithAnotherPageSize() {
            Sort sort = new Sort(SortField.FILE_NAME, false);
            List<String> expected = ids(list(ORG, sort, JobFilter.ALL, 1, 100).items());
            String cursor = list(ORG, sort, JobFilter.ALL, 1, 2).nextCursor();

            Page<ImportJob> next = listAfter(ORG, sort, JobFilter.ALL, cursor, 3);

            assertEquals(expected.subList(2, 5), ids(next.items()));
        }

        @Test
        void cursorContinuesAfterItsLastJobIsDeleted() {
            Sort sort = new Sort(SortField.TOTAL_ROWS, true);
            List<String> expected = ids(list(ORG, sort, JobFilter.ALL, 1, 100).items());
            Page<ImportJob> first = list(ORG, sort, JobFilter.ALL, 1, 3);
            jobs.delete(new JobRef(ORG, expected.get(2)));

            Page<ImportJob> next = listAfter(ORG, sort, JobFilter.ALL, first.nextCursor(), 3);

            assertEquals(expected.subList(3, 6), ids(next.items()));
        }

        @Test
        void lastPageHasNoNextCursor() {
            Page<ImportJob> page = list(ORG, Sort.DEFAULT, JobFilter.ALL, 3, 4);

            assertEquals(1, page.items().size());
            assertNull(page.nextCursor());
        }

        @Test
        void cursorUsedWithAnotherSortIsRefused() {
            String cursor = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 2).nextCursor();
            assertNotNull(cursor);

            assertInvalid("cursor", () -> listAfter(ORG, new Sort(SortField.CREATED_AT, false), JobFilter.ALL,
                    cursor, 2));
            assertInvalid("cursor", () -> listAfter(ORG, new Sort(SortField.FILE_NAME, true), JobFilter.ALL,
                    cursor, 2));
        }

        @Test
        void cursorUsedWithAnotherFilterIsRefused() {
            JobFilter pending = new JobFilter(Set.of(JobStatus.PENDING, JobStatus.IN_PROGRESS), null, null);
            String cursor = list(ORG, Sort.DEFAULT, pending, 1, 2).nextCursor();
            assertNotNull(cursor);

            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, JobFilter.ALL, cursor, 2));
            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT,
                    new JobFilter(Set.of(JobStatus.PENDING), null, null), cursor, 2));
            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT,
                    new JobFilter(pending.statuses(), null, "alice"), cursor, 2));
        }

        @Test
        void cursorUsedForAnotherOrganizationIsRefused() {
            String cursor = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 2).nextCursor();

            assertInvalid("cursor", () -> listAfter(OTHER_ORG, Sort.DEFAULT, JobFilter.ALL, cursor, 2));
        }

        @Test
        void tamperedCursorIsRefused() {
            String cursor = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 2).nextCursor();
            char first = cursor.charAt(0);
            String edited = (first == 'A' ? 'B' : 'A') + cursor.substring(1);
            int inMac = cursor.indexOf('.') + 3; // a character all of whose bits are part of the signature
            String resigned = cursor.substring(0, inMac) + (cursor.charAt(inMac) == 'A' ? 'B' : 'A')
                    + cursor.substring(inMac + 1);

            for (String forged : List.of(edited, resigned, "garbage", "a.b", cursor + "x", cursor.replace(".", ""))) {
                assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, JobFilter.ALL, forged, 2));
            }
        }

        @Test
        void cursorSignedWithAnotherSecretIsRefused() {
            ImportJobs elsewhere = ImportJobs.builder(store).clock(clock)
                    .cursorSecret("another-secret-of-32-bytes-long!".getBytes(UTF_8)).build();
            String cursor = elsewhere.list(new ListJobsQuery(ORG, 1L, 2, Sort.DEFAULT, JobFilter.ALL, null))
                    .nextCursor();

            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, JobFilter.ALL, cursor, 2));
        }

        // ---- stalled jobs (docs/model.md#stalled-jobs): A and C last changed at T0+10 s, I at T0+3 s ----------

        /** The first moment A, C and I are all stalled: more than 15 minutes after A's and C's last change. */
        private Instant allThreeStalled() {
            return T0.plusSeconds(10).plus(ImportJobs.DEFAULT_STALL_AFTER).plusMillis(1);
        }

        private JobFilter stalled(boolean stalled) {
            return new JobFilter(Set.of(), null, null, stalled);
        }

        @ParameterizedTest(name = "{0} descending={1}")
        @MethodSource("dev.importjobs.core.testkit.JobStoreContract#sortOrders")
        void stalledFilterKeepsJobsInProgressUnchangedForTheStallTimeInEveryOrder(SortField field,
                boolean descending) {
            clock.set(allThreeStalled());
            Sort sort = new Sort(field, descending);

            Page<ImportJob> onlyStalled = list(ORG, sort, stalled(true), 1, 100);
            Page<ImportJob> notStalled = list(ORG, sort, stalled(false), 1, 100);

            assertEquals(expected(field, descending, Set.of("A", "C", "I")), named(onlyStalled.items()));
            assertEquals(3, onlyStalled.totalDocs());
            assertTrue(onlyStalled.items().stream().allMatch(ImportJob::stalled), onlyStalled.items().toString());
            assertEquals(expected(field, descending, Set.of("B", "D", "E", "F", "G", "H")), named(notStalled.items()));
            assertEquals(6, notStalled.totalDocs());
            assertTrue(notStalled.items().stream().noneMatch(ImportJob::stalled), notStalled.items().toString());
        }

        @Test
        void aJobStallsOnlyAfterTheStallTimeHasFullyPassed() {
            clock.set(T0.plusSeconds(10).plus(ImportJobs.DEFAULT_STALL_AFTER));
            assertFilter(stalled(true), Set.of("I"));

            clock.set(allThreeStalled());
            assertFilter(stalled(true), Set.of("A", "C", "I"));
        }

        @Test
        void stalledCombinesWithTheOtherFilters() {
            clock.set(allThreeStalled());

            assertFilter(new JobFilter(Set.of(JobStatus.IN_PROGRESS), null, null, true), Set.of("A", "C", "I"));
            assertFilter(new JobFilter(Set.of(JobStatus.IN_PROGRESS), null, null, false), Set.of());
            assertFilter(new JobFilter(Set.of(JobStatus.PENDING, JobStatus.IN_PROGRESS), null, null, true),
                    Set.of("A", "C", "I"));
            assertFilter(new JobFilter(Set.of(JobStatus.PENDING, JobStatus.IN_PROGRESS), null, null, false),
                    Set.of("B", "H"));
            assertFilter(new JobFilter(Set.of(JobStatus.COMPLETED, JobStatus.FAILED), null, null, true), Set.of());
            assertFilter(new JobFilter(Set.of(JobStatus.COMPLETED, JobStatus.FAILED), null, null, false),
                    Set.of("D", "F"));
            assertFilter(new JobFilter(Set.of(), "inventory", null, true), Set.of("A", "C"));
            assertFilter(new JobFilter(Set.of(), "inventory", null, false), Set.of("G"));
            assertFilter(new JobFilter(Set.of(), null, "bob", true), Set.of("I"));
            assertFilter(new JobFilter(Set.of(), null, "bob", false), Set.of("F", "G", "H"));
        }

        @Test
        void aChangeEndsAStallAndReadingAStalledJobWritesNothing() {
            clock.set(allThreeStalled());
            String a = names.entrySet().stream().filter(e -> e.getValue().equals("A")).findFirst().orElseThrow()
                    .getKey();
            ImportJob read = get(a);
            assertTrue(read.stalled());
            assertEquals(read.version(), get(a).version(), "a read changes nothing");
            assertEquals(T0.plusSeconds(10), get(a).updatedAt(), "a read changes nothing");

            ImportJob updated = update(a, JobFields.builder().summary("still going"));

            assertFalse(updated.stalled());
            assertFalse(get(a).stalled());
            assertEquals(2, list(ORG, Sort.DEFAULT, stalled(true), 1, 10).totalDocs());
        }

        @ParameterizedTest(name = "sort={0} stalled={1}")
        @MethodSource("dev.importjobs.core.testkit.JobStoreContract#stalledWalks")
        void stalledCursorWalkReturnsTheSameSequenceAsThePageWalk(String sort, boolean stalled) {
            clock.set(allThreeStalled());
            Sort order = Sort.parse(sort);
            List<String> expected = ids(list(ORG, order, stalled(stalled), 1, 100).items());
            assertTrue(expected.size() > 2, "the walk spans several pages");

            assertEquals(expected, walkPages(order, stalled(stalled), 2));
            assertEquals(expected, walkCursor(order, stalled(stalled), 2));
        }

        @Test
        void aCursorWalkKeepsTheStallCutoffOfItsFirstPage() {
            clock.set(T0.plusSeconds(3).plus(ImportJobs.DEFAULT_STALL_AFTER).plusMillis(1));
            Sort sort = new Sort(SortField.FILE_NAME, false);
            List<String> whenStarted = ids(list(ORG, sort, stalled(false), 1, 100).items());
            assertEquals(8, whenStarted.size(), "only I is stalled yet");
            Page<ImportJob> first = list(ORG, sort, stalled(false), 1, 2);

            clock.set(allThreeStalled());
            List<String> walked = new ArrayList<>(ids(first.items()));
            List<ImportJob> shown = new ArrayList<>();
            for (String cursor = first.nextCursor(); cursor != null; ) {
                Page<ImportJob> next = listAfter(ORG, sort, stalled(false), cursor, 2);
                assertEquals(8, next.totalDocs(), "counted at the walk's cutoff");
                walked.addAll(ids(next.items()));
                shown.addAll(next.items());
                cursor = next.nextCursor();
            }

            assertEquals(whenStarted, walked, "time passing alone neither adds nor drops jobs mid-walk");
            assertTrue(shown.stream().noneMatch(ImportJob::stalled), "items agree with the walk's filter");
            assertEquals(6, list(ORG, sort, stalled(false), 1, 100).totalDocs(), "a new walk takes the time now");
            assertEquals(Set.of("A", "C", "I"), Set.copyOf(named(list(ORG, sort, stalled(true), 1, 100).items())));
        }

        @Test
        void aCursorMadeWithOrWithoutTheStalledFilterServesOnlyThatFilter() {
            clock.set(allThreeStalled());
            String onlyStalled = list(ORG, Sort.DEFAULT, stalled(true), 1, 1).nextCursor();
            String notStalled = list(ORG, Sort.DEFAULT, stalled(false), 1, 1).nextCursor();
            String either = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 1).nextCursor();

            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, stalled(false), onlyStalled, 1));
            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, JobFilter.ALL, onlyStalled, 1));
            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, stalled(true), notStalled, 1));
            assertInvalid("cursor", () -> listAfter(ORG, Sort.DEFAULT, stalled(true), either, 1));
        }

        @Test
        void anotherStallTimeMovesTheCutoff() {
            clock.set(T0.plusSeconds(13).plusMillis(1));
            ImportJobs quick = ImportJobs.builder(store).clock(clock).stallAfter(Duration.ofSeconds(3))
                    .cursorSecret(CURSOR_SECRET).build();

            Page<ImportJob> page = quick.list(new ListJobsQuery(ORG, 1L, 100, Sort.DEFAULT, stalled(true), null));

            assertEquals(Set.of("A", "C", "I"), Set.copyOf(named(page.items())));
            assertEquals(List.of(), list(ORG, Sort.DEFAULT, stalled(true), 1, 100).items(),
                    "with the default 15 minutes nothing is stalled yet");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Stalled jobs (docs/model.md#stalled-jobs)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Stalling {
        private final Instant stallsAt = T0.plus(ImportJobs.DEFAULT_STALL_AFTER).plusMillis(1);

        @Test
        void aJobInProgressStallsOnceUnchangedForLongerThanTheStallTime() {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);
            assertFalse(job.stalled());

            clock.set(T0.plus(ImportJobs.DEFAULT_STALL_AFTER));
            assertFalse(get(job.id()).stalled(), "exactly the stall time is not yet longer");
            clock.set(stallsAt);
            ImportJob stalled = get(job.id());

            assertTrue(stalled.stalled());
            assertEquals(job.version(), stalled.version(), "stalling writes nothing");
            assertEquals(job.updatedAt(), stalled.updatedAt(), "stalling writes nothing");
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = "IN_PROGRESS", mode = EnumSource.Mode.EXCLUDE)
        void onlyJobsInProgressStall(JobStatus status) {
            ImportJob job = createIn(status);

            clock.set(stallsAt.plus(Duration.ofDays(30)));

            assertFalse(get(job.id()).stalled());
            assertEquals(0, list(ORG, Sort.DEFAULT, new JobFilter(Set.of(), null, null, true), 1, 10).totalDocs());
        }

        @Test
        void everyAnswerCarriesTheFlagAsOfNow() {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);
            clock.set(stallsAt);

            assertTrue(jobs.list(ListJobsQuery.firstPage(ORG)).items().get(0).stalled());
            ChunkResult chunk = chunk(job.id(), 0, 10);
            assertFalse(chunk.job().stalled(), "the chunk is a change");

            clock.set(stallsAt.plus(ImportJobs.DEFAULT_STALL_AFTER).plusMillis(1));
            assertTrue(chunk(job.id(), 0, 10).job().stalled(), "a retry changes nothing");
            assertTrue(update(job.id(), JobFields.builder().status(JobStatus.IN_PROGRESS)).stalled(),
                    "an update that changes nothing leaves it stalled");
            assertFalse(update(job.id(), JobFields.builder().summary("moving")).stalled());
        }

        @Test
        void theChangeFeedCarriesTheFlagAsOfItsRead() {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);

            clock.set(stallsAt);
            List<JobChange> changes = jobs.changesSince(ORG, 0, 10).changes();

            assertEquals(List.of(job.id()), changes.stream().map(JobChange::jobId).toList());
            assertTrue(changes.get(0).job().stalled());
        }

        @Test
        void aBackfilledJobIsStalledFromItsCreate() {
            clock.set(stallsAt);

            ImportJob created = create(fields().status(JobStatus.IN_PROGRESS).updatedAt(T0));

            assertTrue(created.stalled());
            assertTrue(get(created.id()).stalled());
        }

        @Test
        void theStallTimeIsASettingOfTheUseCases() {
            ImportJob job = createIn(JobStatus.IN_PROGRESS);
            ImportJobs quick = ImportJobs.builder(store).clock(clock).stallAfter(Duration.ofSeconds(1))
                    .cursorSecret(CURSOR_SECRET).build();
            clock.advance(Duration.ofMillis(1001));

            assertTrue(quick.get(new JobRef(ORG, job.id())).stalled());
            assertFalse(get(job.id()).stalled());
            assertThrows(IllegalArgumentException.class, () -> ImportJobs.builder(store).stallAfter(Duration.ZERO));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Retention (docs/model.md#retention): JobStore#deleteExpired, one batch
    // ---------------------------------------------------------------------------------------------

    @Nested
    class RetentionBatches {
        private final Instant cutoff = T0.plus(Duration.ofDays(7));

        private ImportJob endedAt(Instant when, JobStatus status) {
            clock.set(when);
            return createIn(status);
        }

        private boolean exists(String organizationId, String id) {
            return store.findById(organizationId, id, 0).isPresent();
        }

        private long total(String organizationId, JobStatus... statuses) {
            return list(organizationId, Sort.DEFAULT, new JobFilter(Set.of(statuses), null, null), 1, 1).totalDocs();
        }

        @Test
        void onlyJobsThatEndedBeforeTheCutoffGo() {
            List<String> expired = new ArrayList<>();
            for (JobStatus status : List.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)) {
                expired.add(endedAt(T0, status).id());
            }
            List<String> kept = new ArrayList<>();
            kept.add(endedAt(cutoff, JobStatus.COMPLETED).id());
            kept.add(endedAt(cutoff.plusMillis(1), JobStatus.FAILED).id());
            clock.set(T0);
            for (JobStatus status : JobStatus.INITIAL) {
                kept.add(create(fields().status(status).completedAt(T0)).id());
            }
            kept.add(create(OTHER_ORG, fields()).id());
            clock.set(cutoff.plus(Duration.ofDays(1)));

            assertEquals(3, store.deleteExpired(cutoff, 100));

            expired.forEach(id -> assertFalse(exists(ORG, id), id));
            kept.forEach(id -> assertTrue(exists(ORG, id) || exists(OTHER_ORG, id), id));
            assertEquals(0, store.deleteExpired(cutoff, 100), "nothing left to delete");
        }

        @Test
        void aResumedFailedJobNeverGoes() {
            ImportJob failed = endedAt(T0, JobStatus.FAILED);
            assertNotNull(failed.completedAt());
            clock.set(T0.plusSeconds(1));
            ImportJob resumed = setStatus(failed.id(), JobStatus.IN_PROGRESS);
            assertNull(resumed.completedAt());

            assertEquals(0, store.deleteExpired(cutoff, 100));
            assertTrue(exists(ORG, failed.id()));
        }

        @Test
        void lineErrorsChunkRecordsAndTotalsGoWithTheJobs() {
            clock.set(T0);
            ImportJob done = create(fields().status(JobStatus.IN_PROGRESS).idempotencyKey("k-1"));
            chunk(done.id(), 0, 10, lines("bad ", 1, 3));
            chunk(done.id(), 1, 10, lines("worse ", 11, 2));
            setStatus(done.id(), JobStatus.COMPLETED);
            ImportJob other = create(fields().status(JobStatus.IN_PROGRESS));
            chunk(other.id(), 0, 10, lines("kept ", 1, 2));
            endedAt(T0, JobStatus.CANCELLED);
            assertEquals(1, total(ORG, JobStatus.COMPLETED));
            assertEquals(3, total(ORG));

            assertEquals(2, store.deleteExpired(cutoff, 100));

            assertFails(ErrorCode.JOB_NOT_FOUND, () -> jobs.listLineErrors(new ListLineErrorsQuery(ORG, done.id(), 1, 10,
                    Set.of())));
            assertEquals(List.of("kept 1", "kept 2"), messages(storedLines(other.id())));
            assertEquals(0, total(ORG, JobStatus.COMPLETED));
            assertEquals(0, total(ORG, JobStatus.CANCELLED));
            assertEquals(1, total(ORG, JobStatus.IN_PROGRESS));
            assertEquals(1, total(ORG));
            ImportJob again = create(fields().status(JobStatus.IN_PROGRESS).idempotencyKey("k-1"));
            assertNotEquals(done.id(), again.id(), "the key went with the job");
            assertTrue(chunk(again.id(), 0, 10).applied(), "no chunk record of the old job stands in the way");
        }

        @Test
        void deletedJobsShowInTheChangeFeedAsDeletions() {
            ImportJob ended = endedAt(T0, JobStatus.COMPLETED);
            ImportJob kept = endedAt(cutoff, JobStatus.CANCELLED);
            long before = jobs.changesSince(ORG, 0, 100).latest();

            assertEquals(1, store.deleteExpired(cutoff, 100));

            List<JobChange> after = jobs.changesSince(ORG, before, 100).changes();
            assertEquals(1, after.size(), after.toString());
            assertTrue(after.get(0).isDeletion());
            assertEquals(ended.id(), after.get(0).jobId());
            assertTrue(exists(ORG, kept.id()));
        }

        @Test
        void eachCallDeletesAtMostTheLimit() {
            for (int i = 0; i < 7; i++) {
                endedAt(T0.plusSeconds(i), i % 2 == 0 ? JobStatus.COMPLETED : JobStatus.CANCELLED);
            }
            create(OTHER_ORG, fields().status(JobStatus.IN_PROGRESS));
            ImportJob elsewhere = jobs.update(new UpdateJobCommand(OTHER_ORG,
                    create(OTHER_ORG, fields().status(JobStatus.IN_PROGRESS)).id(),
                    JobFields.builder().status(JobStatus.FAILED).build(), null));

            List<Integer> batches = new ArrayList<>();
            for (int deleted = -1; deleted != 0; ) {
                deleted = store.deleteExpired(cutoff, 3);
                batches.add(deleted);
            }

            assertEquals(List.of(3, 3, 2, 0), batches, "eight jobs in two organizations");
            assertFalse(exists(OTHER_ORG, elsewhere.id()));
            assertEquals(0, total(ORG));
            assertEquals(1, total(OTHER_ORG));
        }

        @Test
        void retentionRacingResumesDeletesExactlyTheJobsNotResumedFirst() throws InterruptedException {
            int count = THREADS * 4;
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                failed.add(endedAt(T0, JobStatus.FAILED).id());
            }
            clock.set(cutoff.plus(Duration.ofDays(1)));

            List<List<Boolean>> resumedByThread = concurrently(THREADS, t -> () -> {
                if (t == 0) {
                    while (store.deleteExpired(cutoff, 5) > 0) {
                        Thread.yield();
                    }
                    return List.of();
                }
                List<Boolean> resumed = new ArrayList<>();
                for (int i = t - 1; i < count; i += THREADS - 1) {
                    try {
                        setStatus(failed.get(i), JobStatus.IN_PROGRESS);
                        resumed.add(true);
                    } catch (ImportJobsException e) {
                        assertEquals(ErrorCode.JOB_NOT_FOUND, e.code());
                        resumed.add(false);
                    }
                }
                return resumed;
            });

            long resumed = 0;
            for (int t = 1; t < THREADS; t++) {
                List<Boolean> outcomes = resumedByThread.get(t);
                for (int k = 0; k < outcomes.size(); k++) {
                    String id = failed.get(t - 1 + k * (THREADS - 1));
                    assertEquals(outcomes.get(k), exists(ORG, id), id);
                    resumed += outcomes.get(k) ? 1 : 0;
                }
            }
            assertEquals(0, store.deleteExpired(cutoff, 100));
            assertEquals(resumed, total(ORG, JobStatus.IN_PROGRESS));
            assertEquals(0, total(ORG, JobStatus.FAILED));
            assertEquals(resumed, total(ORG));
        }
    }

    /** The key a job sorts by, read here independently of {@link SortField}'s own extractors. */
    private static Object expectedKey(SortField field, ImportJob job) {
        return switch (field) {
            case CREATED_AT -> job.createdAt();
            case UPDATED_AT -> job.updatedAt();
            case STARTED_AT -> job.startedAt();
            case COMPLETED_AT -> job.completedAt();
            case STATUS -> job.status().wireName();
            case ACTION -> job.action();
            case FILE_NAME -> job.file().originalName();
            case TOTAL_ROWS -> job.counters().totalRows();
            case PROCESSED_ROWS -> job.counters().processedRows();
            case ERROR_COUNT -> job.counters().errorCount();
        };
    }

    /**
     * The order of docs/model.md#listing-and-pages: by key in the given direction with nulls last in both directions, ties by
     * id in the same direction; strings by code point (the order of their UTF-8 bytes).
     */
    protected static Comparator<ImportJob> expectedOrder(SortField field, boolean descending) {
        return (a, b) -> {
            Object keyA = expectedKey(field, a);
            Object keyB = expectedKey(field, b);
            if (keyA == null && keyB != null) {
                return 1;
            }
            if (keyA != null && keyB == null) {
                return -1;
            }
            int byKey = keyA == null ? 0 : compareKeys(keyA, keyB);
            int order = byKey != 0 ? byKey : a.id().compareTo(b.id());
            return descending ? -order : order;
        };
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray());
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        return Long.compare((Long) a, (Long) b);
    }

    // ---------------------------------------------------------------------------------------------
    // Page math (docs/model.md#listing-and-pages)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Paging {
        private static final int JOBS = 23;

        @BeforeEach
        void create23Jobs() {
            for (int i = 0; i < JOBS; i++) {
                if (i % 5 == 0) {
                    clock.advance(Duration.ofSeconds(1));
                }
                create(fields().fileName("file-" + i + ".csv"));
            }
        }

        private Page<ImportJob> page(long page, int limit) {
            return list(ORG, Sort.DEFAULT, JobFilter.ALL, page, limit);
        }

        @Test
        void firstOfSeveralPages() {
            Page<ImportJob> page = page(1, 10);

            assertEquals(10, page.items().size());
            assertEquals(23, page.totalDocs());
            assertEquals(10, page.limit());
            assertEquals(1L, page.page());
            assertEquals(3, page.totalPages());
            assertEquals(1L, page.pagingCounter());
            assertFalse(page.hasPrevPage());
            assertTrue(page.hasNextPage());
            assertNull(page.prevPage());
            assertEquals(2L, page.nextPage());
            assertNotNull(page.nextCursor());
        }

        @Test
        void middlePage() {
            Page<ImportJob> page = page(2, 10);

            assertEquals(10, page.items().size());
            assertEquals(2L, page.page());
            assertEquals(11L, page.pagingCounter());
            assertTrue(page.hasPrevPage());
            assertTrue(page.hasNextPage());
            assertEquals(1L, page.prevPage());
            assertEquals(3L, page.nextPage());
        }

        @Test
        void lastPageIsPartial() {
            Page<ImportJob> page = page(3, 10);

            assertEquals(3, page.items().size());
            assertEquals(21L, page.pagingCounter());
            assertTrue(page.hasPrevPage());
            assertFalse(page.hasNextPage());
            assertEquals(2L, page.prevPage());
            assertNull(page.nextPage());
            assertNull(page.nextCursor());
        }

        @ParameterizedTest
        @ValueSource(longs = {4, 7, 1000})
        void pagePastTheEndIsEmptyAndPointsBackToTheLastPage(long number) {
            Page<ImportJob> page = page(number, 10);

            assertEquals(List.of(), page.items());
            assertEquals(23, page.totalDocs());
            assertEquals(number, page.page());
            assertEquals(3, page.totalPages());
            assertEquals((number - 1) * 10 + 1, page.pagingCounter());
            assertTrue(page.hasPrevPage());
            assertFalse(page.hasNextPage());
            assertEquals(3L, page.prevPage());
            assertNull(page.nextPage());
            assertNull(page.nextCursor());
        }

        @Test
        void totalPagesRoundsUp() {
            assertEquals(1, page(1, 23).totalPages());
            assertFalse(page(1, 23).hasNextPage());
            assertEquals(2, page(1, 22).totalPages());
            assertEquals(23, page(1, 1).totalPages());
            assertEquals(1, page(1, 100).totalPages());
        }

        @Test
        void pageWalkReturnsEveryJobOnceInOrder() {
            List<String> all = ids(page(1, 100).items());
            List<String> walked = new ArrayList<>();
            for (long number = 1; number <= 6; number++) {
                walked.addAll(ids(page(number, 4).items()));
            }

            assertEquals(23, all.size());
            assertEquals(23, Set.copyOf(all).size());
            assertEquals(all, walked);
        }

        @Test
        void emptyOrganizationHasOneEmptyPage() {
            Page<ImportJob> page = list(OTHER_ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10);

            assertEquals(List.of(), page.items());
            assertEquals(0, page.totalDocs());
            assertEquals(1L, page.page());
            assertEquals(1, page.totalPages());
            assertEquals(1L, page.pagingCounter());
            assertFalse(page.hasPrevPage());
            assertFalse(page.hasNextPage());
            assertNull(page.prevPage());
            assertNull(page.nextPage());
            assertNull(page.nextCursor());
        }

        @Test
        void emptyOrganizationPastTheEndPointsBackToPageOne() {
            Page<ImportJob> page = list(OTHER_ORG, Sort.DEFAULT, JobFilter.ALL, 3, 10);

            assertEquals(List.of(), page.items());
            assertEquals(3L, page.page());
            assertTrue(page.hasPrevPage());
            assertFalse(page.hasNextPage());
            assertEquals(1L, page.prevPage());
            assertNull(page.nextPage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Line errors (docs/model.md#line-errors)
    // ---------------------------------------------------------------------------------------------

    @Nested
    class LineErrors {
        private final LineError e1 = new LineError(1, Severity.ERROR, "sku", "E_SKU", "sku missing", "");
        private final LineError w1 = new LineError(2, Severity.WARNING, "price", null, "price high", "999");
        private final LineError e2 = line(3, Severity.ERROR, "qty not a number");
        private final LineError s1 = line(4, Severity.SKIP, "duplicate row");
        private final LineError w2 = line(5, Severity.WARNING, "name trimmed");

        private ImportJob createWith(ImportJobs useCases, List<LineError> lines) {
            return useCases.create(new CreateJobCommand(ORG,
                    fields().errorReport(LineErrorReplacement.all(lines)).build())).job();
        }

        private List<LineError> errorsOf(String id, Set<Severity> severities) {
            List<LineError> lines = new ArrayList<>();
            jobs.exportLineErrors(new JobRef(ORG, id), severities, lines::add);
            return lines;
        }

        @Test
        void createStoresLineErrorsInWriteOrder() {
            ImportJob job = createWith(jobs, List.of(e1, w1, e2, s1, w2));

            assertEquals(List.of(e1, w1, e2, s1, w2), get(job.id()).errorReport());
            assertFalse(get(job.id()).errorReportTruncated());
        }

        @Test
        void chunksAppendLineErrorsAfterTheStoredOnes() {
            ImportJob job = createWith(jobs, List.of(e1, w1));

            chunk(job.id(), 1, 10, List.of(e2, s1));
            chunk(job.id(), 0, 10, List.of(w2));

            assertEquals(List.of(e1, w1, e2, s1, w2), get(job.id()).errorReport());
        }

        @Test
        void chunkRetryDoesNotAppendItsLineErrorsAgain() {
            ImportJob job = create();
            chunk(job.id(), 0, 10, List.of(e1, e2));

            chunk(job.id(), 0, 10, List.of(e1, e2));

            assertEquals(List.of(e1, e2), storedLines(job.id()));
            assertEquals(2, get(job.id()).counters().errorCount());
        }

        @Test
        void lineErrorsPastTheCapAreDroppedWhileCountersKeepCounting() {
            ImportJobs capped = useCases(5);
            ImportJob job = createWith(capped, lines("create ", 1, 3));

            ChunkResult first = capped.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(0).rows(4L)
                    .successCount(0L).insertCount(0L).updateCount(0L).skipCount(0L).warningCount(0L).errorCount(4L)
                    .errors(lines("chunk0 ", 10, 4)).build());
            ChunkResult second = capped.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(1).rows(2L)
                    .successCount(0L).insertCount(0L).updateCount(0L).skipCount(0L).warningCount(0L).errorCount(2L)
                    .errors(lines("chunk1 ", 20, 2)).build());

            assertTrue(first.job().errorReportTruncated());
            ImportJob stored = get(job.id());
            assertEquals(List.of("create 1", "create 2", "create 3", "chunk0 10", "chunk0 11"),
                    messages(stored.errorReport()));
            assertTrue(stored.errorReportTruncated());
            assertEquals(6, stored.counters().errorCount());
            assertEquals(6, stored.counters().processedRows());
            assertEquals(second.job().version(), stored.version());
        }

        @Test
        void createWithMoreLinesThanTheCapKeepsTheFirstOnes() {
            ImportJob job = createWith(useCases(3), lines("l", 1, 5));

            ImportJob stored = get(job.id());
            assertEquals(List.of("l1", "l2", "l3"), messages(stored.errorReport()));
            assertTrue(stored.errorReportTruncated());
            assertEquals(job, stored);
        }

        @Test
        void linesExactlyFillingTheCapAreNotTruncated() {
            ImportJobs capped = useCases(5);
            ImportJob job = createWith(capped, lines("l", 1, 3));

            capped.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(0).rows(2L).errorCount(2L)
                    .errors(lines("c", 10, 2)).build());

            assertEquals(5, storedLines(job.id()).size());
            assertFalse(get(job.id()).errorReportTruncated());
        }

        @Test
        void listedJobsCarryAtMostTenLineErrors() {
            ImportJob twelve = createWith(jobs, lines("x", 1, 12));
            clock.advance(Duration.ofSeconds(1));
            ImportJob ten = createWith(jobs, lines("y", 1, 10));

            List<ImportJob> listed = list(ORG, Sort.DEFAULT, JobFilter.ALL, 1, 10).items();

            assertEquals(List.of(ten.id(), twelve.id()), ids(listed));
            assertEquals(lines("y", 1, 10), listed.get(0).errorReport());
            assertFalse(listed.get(0).errorReportHasMore());
            assertEquals(lines("x", 1, 10), listed.get(1).errorReport());
            assertTrue(listed.get(1).errorReportHasMore());
            ImportJob full = get(twelve.id());
            assertEquals(lines("x", 1, 12), full.errorReport());
            assertFalse(full.errorReportHasMore());
        }

        @Test
        void listLineErrorsPagesThroughTheStoredLines() {
            ImportJob job = createWith(jobs, lines("l", 1, 25));

            Page<LineError> first = jobs.listLineErrors(new ListLineErrorsQuery(ORG, job.id(), 1, 10, Set.of()));
            Page<LineError> last = jobs.listLineErrors(new ListLineErrorsQuery(ORG, job.id(), 3, 10, Set.of()));
            Page<LineError> past = jobs.listLineErrors(new ListLineErrorsQuery(ORG, job.id(), 4, 10, Set.of()));

            assertEquals(lines("l", 1, 10), first.items());
            assertEquals(25, first.totalDocs());
            assertEquals(3, first.totalPages());
            assertTrue(first.hasNextPage());
            assertEquals(2L, first.nextPage());
            assertEquals(lines("l", 21, 5), last.items());
            assertFalse(last.hasNextPage());
            assertEquals(21L, last.pagingCounter());
            assertEquals(List.of(), past.items());
            assertEquals(3L, past.prevPage());
        }

        @Test
        void listLineErrorsFiltersBySeverity() {
            ImportJob job = createWith(jobs, List.of(e1, w1, e2, s1, w2));

            Page<LineError> warnings = jobs.listLineErrors(
                    new ListLineErrorsQuery(ORG, job.id(), 1, 10, Set.of(Severity.WARNING)));
            Page<LineError> errorsAndSkips = jobs.listLineErrors(
                    new ListLineErrorsQuery(ORG, job.id(), 1, 10, Set.of(Severity.ERROR, Severity.SKIP)));
            Page<LineError> secondError = jobs.listLineErrors(
                    new ListLineErrorsQuery(ORG, job.id(), 2, 1, Set.of(Severity.ERROR)));

            assertEquals(List.of(w1, w2), warnings.items());
            assertEquals(2, warnings.totalDocs());
            assertEquals(List.of(e1, e2, s1), errorsAndSkips.items());
            assertEquals(3, errorsAndSkips.totalDocs());
            assertEquals(List.of(e2), secondError.items());
            assertEquals(2, secondError.totalDocs());
        }

        @Test
        void exportLineErrorsStreamsEveryStoredLineInWriteOrder() {
            ImportJobs roomy = useCases(5000);
            ImportJob job = createWith(roomy, lines("create ", 1, 1500));
            roomy.recordChunk(RecordChunkCommand.builder(ORG, job.id()).chunkIndex(0).rows(1L).errorCount(1500L)
                    .errors(lines("chunk ", 2000, 1500)).build());

            List<LineError> exported = storedLines(job.id());

            List<LineError> expected = new ArrayList<>(lines("create ", 1, 1500));
            expected.addAll(lines("chunk ", 2000, 1500));
            assertEquals(expected, exported);
        }

        /**
         * A store may read an export in batches (the shared JDBC store does, so that a slow reader holds no
         * connection): many lines, some as long as core allows, filtered or not, still come whole and in order.
         */
        @Test
        void exportLineErrorsWalksManyLongLinesWholeWithOrWithoutAFilter() {
            ImportJobs roomy = useCases(5000);
            Severity[] severities = Severity.values();
            List<LineError> all = new ArrayList<>();
            for (int i = 1; i <= 700; i++) {
                Severity severity = severities[i % severities.length];
                all.add(i % 4 == 0 ? line(i, severity, "line " + i) : new LineError(i, severity,
                        "c".repeat(LineError.MAX_COLUMN), "k".repeat(LineError.MAX_CODE),
                        "m".repeat(LineError.MAX_MESSAGE), "v".repeat(LineError.MAX_VALUE)));
            }
            ImportJob job = createWith(roomy, all);

            assertEquals(all, errorsOf(job.id(), Set.of()));
            for (Severity severity : severities) {
                assertEquals(all.stream().filter(line -> line.severity() == severity).toList(),
                        errorsOf(job.id(), Set.of(severity)), severity::name);
            }
        }

        @Test
        void exportLineErrorsFiltersBySeverity() {
            ImportJob job = createWith(jobs, List.of(e1, w1, e2, s1, w2));

            assertEquals(List.of(w1, w2), errorsOf(job.id(), Set.of(Severity.WARNING)));
            assertEquals(List.of(e1, e2, s1), errorsOf(job.id(), Set.of(Severity.ERROR, Severity.SKIP)));
            assertEquals(List.of(e1, w1, e2, s1, w2), errorsOf(job.id(), Set.of()));
        }

        @Test
        void updateReplacesOnlyTheLinesOfTheSeveritiesItNames() {
            ImportJob job = createWith(jobs, List.of(e1, w1, e2, s1, w2));
            LineError w3 = line(8, Severity.WARNING, "new warning");
            LineError w4 = line(9, Severity.WARNING, "another warning");

            ImportJob updated = update(job.id(), JobFields.builder().errorReport(
                    new LineErrorReplacement(Set.of(Severity.WARNING), List.of(w3, w4))));

            assertEquals(List.of(e1, e2, s1, w3, w4), updated.errorReport());
            assertEquals(List.of(e1, e2, s1, w3, w4), storedLines(job.id()));
            assertEquals(2, updated.version());
        }

        @Test
        void updateReplacingSeveralSeveritiesKeepsTheOthers() {
            ImportJob job = createWith(jobs, List.of(e1, w1, e2, s1, w2));
            LineError e3 = line(10, Severity.ERROR, "replacement error");

            update(job.id(), JobFields.builder().errorReport(
                    new LineErrorReplacement(Set.of(Severity.ERROR, Severity.SKIP), List.of(e3))));

            assertEquals(List.of(w1, w2, e3), storedLines(job.id()));
        }

        @Test
        void updateReplacingEverySeverityReplacesAllLines() {
            ImportJob job = createWith(jobs, List.of(e1, w1, e2, s1, w2));

            update(job.id(), JobFields.builder().errorReport(LineErrorReplacement.all(List.of(s1, e1))));

            assertEquals(List.of(s1, e1), storedLines(job.id()));
            update(job.id(), JobFields.builder().errorReport(LineErrorReplacement.all(List.of())));
            assertEquals(List.of(), storedLines(job.id()));
            assertEquals(List.of(), get(job.id()).errorReport());
        }

        @Test
        void replacementIsCutToTheRoomBesideTheKeptLines() {
            ImportJobs capped = useCases(5);
            ImportJob job = createWith(capped, List.of(e1, w1, e2, s1));
            LineError w3 = line(8, Severity.WARNING, "w3");
            LineError w4 = line(9, Severity.WARNING, "w4");
            LineError w5 = line(10, Severity.WARNING, "w5");

            ImportJob updated = capped.update(new UpdateJobCommand(ORG, job.id(), JobFields.builder().errorReport(
                    new LineErrorReplacement(Set.of(Severity.WARNING), List.of(w3, w4, w5))).build(), null));

            assertEquals(List.of(e1, e2, s1, w3, w4), storedLines(job.id()));
            assertTrue(updated.errorReportTruncated());
            assertEquals(updated, get(job.id()));
        }

        @Test
        void replacingEveryLineWithOnesThatFitClearsTruncation() {
            ImportJobs capped = useCases(2);
            ImportJob job = createWith(capped, List.of(e1, w1, e2));
            assertTrue(job.errorReportTruncated());

            capped.update(new UpdateJobCommand(ORG, job.id(),
                    JobFields.builder().errorReport(LineErrorReplacement.all(List.of(w2))).build(), null));

            assertFalse(get(job.id()).errorReportTruncated());
            assertEquals(List.of(w2), storedLines(job.id()));
        }

        @Test
        void replacingSomeSeveritiesKeepsAnEarlierTruncation() {
            ImportJobs capped = useCases(2);
            ImportJob job = createWith(capped, List.of(e1, w1, e2));

            capped.update(new UpdateJobCommand(ORG, job.id(), JobFields.builder().errorReport(
                    new LineErrorReplacement(Set.of(Severity.WARNING), List.of())).build(), null));

            assertTrue(get(job.id()).errorReportTruncated());
            assertEquals(List.of(e1), storedLines(job.id()));
        }

        @Test
        void lineErrorsOfAnotherOrganizationsJobAreNotFound() {
            ImportJob job = createWith(jobs, List.of(e1));

            assertFails(ErrorCode.JOB_NOT_FOUND,
                    () -> jobs.listLineErrors(new ListLineErrorsQuery(OTHER_ORG, job.id(), 1, 10, Set.of())));
            assertFails(ErrorCode.JOB_NOT_FOUND,
                    () -> jobs.exportLineErrors(new JobRef(OTHER_ORG, job.id()), Set.of(), line -> { }));
        }

        @Test
        void lineErrorsOfAMissingJobAreNotFound() {
            assertFails(ErrorCode.JOB_NOT_FOUND,
                    () -> jobs.listLineErrors(new ListLineErrorsQuery(ORG, "bad-id", 1, 10, Set.of())));
            assertFails(ErrorCode.JOB_NOT_FOUND,
                    () -> jobs.exportLineErrors(new JobRef(ORG, "0123456789abcdef01234567"), Set.of(), l -> { }));
        }

        @Test
        void aJobWithoutLineErrorsListsAnEmptyPage() {
            ImportJob job = create();

            Page<LineError> page = jobs.listLineErrors(new ListLineErrorsQuery(ORG, job.id(), 1, 10, Set.of()));

            assertEquals(List.of(), page.items());
            assertEquals(0, page.totalDocs());
            assertEquals(1, page.totalPages());
        }
    }

}
