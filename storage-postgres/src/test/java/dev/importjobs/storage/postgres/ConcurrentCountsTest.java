package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The counts behind totalDocs are kept by the store, not by triggers (docs/storage.md#server-databases), so
 * they must stay exact when many writers move the same jobs between statuses and delete them at once, each
 * with its own connection: every total equals the jobs really there.
 */
class ConcurrentCountsTest {
    private static final String ORG = "org_counts";
    private static final int THREADS = 16;
    private static final int JOBS = 48;

    @Test
    void statusChangesAndDeletesRacingOnTheSameJobsLeaveEveryTotalExact() throws Exception {
        var database = TestPostgres.server().newDatabase();
        try (PostgresJobStore store = database.store().poolSize(8).open()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < JOBS; j++) {
                ids.add(jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("user_" + j % 3)
                        .fileName("f" + j + ".csv").action(j % 2 == 0 ? "import-users" : null).build())).job().id());
            }
            AtomicInteger deleted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int step = 0; step < JOBS; step++) {
                        int j = (step + thread * 5) % JOBS;
                        JobRef job = new JobRef(ORG, ids.get(j));
                        try {
                            if (j % 4 == 0 && step > JOBS / 2) {
                                jobs.delete(job);
                                deleted.incrementAndGet();
                            } else {
                                JobStatus next = (thread + step) % 2 == 0 ? JobStatus.IN_PROGRESS : JobStatus.FAILED;
                                jobs.update(new UpdateJobCommand(ORG, ids.get(j), JobFields.builder().status(next).build(),
                                        null));
                            }
                        } catch (ImportJobsException e) {
                            if (e.code() != ErrorCode.JOB_NOT_FOUND) {
                                throw e;
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            Map<JobStatus, Long> stored = storedPerStatus(database.connect());
            assertEquals(JOBS / 4, deleted.get(), "each job picked for deleting was deleted exactly once");
            assertEquals(JOBS - JOBS / 4, stored.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(JOBS - JOBS / 4, jobs.list(ListJobsQuery.firstPage(ORG)).totalDocs());
            for (JobStatus status : JobStatus.values()) {
                assertEquals(stored.getOrDefault(status, 0L), total(jobs, new JobFilter(Set.of(status), null, null)),
                        status.wireName());
                assertEquals(count(database.connect(), "status = '" + status.wireName() + "' AND action = 'import-users'"),
                        total(jobs, new JobFilter(Set.of(status), "import-users", null)), status.wireName());
            }
            assertEquals(count(database.connect(), "created_by_id = 'user_1'"),
                    total(jobs, new JobFilter(Set.of(), null, "user_1")));
        }
    }

    private static long total(ImportJobs jobs, JobFilter filter) {
        return jobs.list(new ListJobsQuery(ORG, 1L, 1, Sort.DEFAULT, filter, null)).totalDocs();
    }

    private static Map<JobStatus, Long> storedPerStatus(Connection connection) throws SQLException {
        Map<JobStatus, Long> stored = new EnumMap<>(JobStatus.class);
        try (connection; Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM jobs WHERE organization_id = '" + ORG
                        + "' GROUP BY status")) {
            while (rs.next()) {
                stored.put(JobStatus.fromWireName(rs.getString(1)), rs.getLong(2));
            }
        }
        return stored;
    }

    private static long count(Connection connection, String where) throws SQLException {
        try (connection; Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jobs WHERE organization_id = '" + ORG + "' AND "
                        + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
