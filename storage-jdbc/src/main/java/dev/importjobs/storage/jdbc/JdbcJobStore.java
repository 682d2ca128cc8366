package dev.importjobs.storage.jdbc;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.DuplicateIdempotencyKeyException;
import dev.importjobs.core.spi.JobChanges;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.JobSlice;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.spi.LineErrorSlice;
import dev.importjobs.core.spi.Modification;
import dev.importjobs.core.spi.Modified;
import dev.importjobs.core.spi.StoredCreate;
import dev.importjobs.core.model.JobStatus;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link JobStore} on any database its {@link Dialect} describes, each operation a unit of work run by
 * the store's {@link Transactions}. A database store is this class, its dialect, its migration scripts
 * and its transaction policy (docs/storage.md#adding-a-store); every operation is written once, here.
 */
public final class JdbcJobStore implements JobStore {
    private static final String BY_ID = "WHERE id = ? AND organization_id = ?";
    private static final String FIND_BY_ID = JobRows.SELECT + BY_ID;
    private static final String FIND_BY_KEY = JobRows.SELECT + "WHERE organization_id = ? AND idempotency_key = ?";
    /** The statuses whose jobs expire, in the order {@link #EXPIRED} binds them. */
    private static final List<JobStatus> ENDED = Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal)
            .toList();
    /**
     * Oldest first, so the index {@code (completed_at, status)} is read in order up to the limit: a planner
     * that weighs a scan against it (PostgreSQL, with a generic plan that knows no cutoff) never finds a scan
     * cheaper, as it may for an unordered {@code LIMIT}.
     */
    private static final String EXPIRED = "SELECT id, organization_id FROM jobs WHERE completed_at < ? AND status IN ("
            + "?, ".repeat(ENDED.size() - 1) + "?) ORDER BY completed_at LIMIT ?";
    private static final String IF_CHUNK_RECORDED =
            " AND EXISTS (SELECT 1 FROM job_chunks WHERE job_seq = jobs.seq AND chunk_index = ?)";
    private static final String FIND_IF_CHUNK_RECORDED = FIND_BY_ID + IF_CHUNK_RECORDED;
    private static final String FIND_VERSION_IF_CHUNK_RECORDED = "SELECT seq, version FROM jobs " + BY_ID
            + IF_CHUNK_RECORDED;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * At most how many line errors, and how much of their text, a download reads per transaction: few
     * enough that a batch of the longest lines core allows stays small in memory (about 80 of them), many
     * enough that the transactions cost little beside the writing of the lines.
     */
    static final int EXPORT_BATCH_LINES = 100;
    static final long EXPORT_BATCH_CHARS = 256 * 1024;

    /** The {@code settings} row a health probe writes: the time of the latest probe. */
    static final String WRITE_PROBE = "write-probe";

    private final Dialect dialect;
    private final Transactions transactions;
    /** The dialect's statements, put together once: kept statements are looked up by their text. */
    private final String insertJob;
    private final String findForModify;
    private final String findExpired;
    private final String versionForModify;
    private final WriteHealth health = new WriteHealth();
    private final KeptJobs keptJobs = new KeptJobs();
    private final JobTurns<Write<?>> turns = new JobTurns<>(Write::done);

    public JdbcJobStore(Dialect dialect, Transactions transactions) {
        this.dialect = dialect;
        this.transactions = transactions;
        this.insertJob = JobRows.insert(dialect.feedPositionExpression().orElse("?"))
                + dialect.insertJobConflictClause() + " RETURNING seq";
        this.findForModify = FIND_BY_ID + dialect.lockJobRowClause();
        this.findExpired = EXPIRED + dialect.lockJobRowClause();
        this.versionForModify = "SELECT seq, version, line_error_count, create_fingerprint FROM jobs " + BY_ID
                + dialect.lockJobRowClause();
    }

    @Override
    public void insert(ImportJob job, String createFingerprint) {
        write(c -> {
            insertRow(c, job, createFingerprint);
            return null;
        });
    }

    private void insertRow(Statements c, ImportJob job, String createFingerprint) throws SQLException {
        long seq;
        // The new row's key comes back from RETURNING, not the driver's generated keys, which sqlite-jdbc would
        // fetch after every insert of the store (docs/storage.md#adding-a-store); no row back is a key clash.
        PreparedStatement statement = c.prepare(insertJob);
        JobRows.bind(statement, job, job.errorReport().size());
        statement.setString(JobRows.AFTER_WRITTEN, createFingerprint);
        feedPosition(c, job.organizationId()).bind(statement, JobRows.AFTER_WRITTEN + 1);
        try (ResultSet keys = keyed(statement::executeQuery, job)) {
            if (!keys.next()) {
                throw duplicateKey(job);
            }
            seq = keys.getLong(1);
        }
        LineErrorRows.append(c, dialect, seq, job.errorReport());
        dialect.counts().inserted(c, job);
    }

    @Override
    public Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit) {
        return transactions.read(c -> {
            Optional<JobRows.Row> row = findRow(c, FIND_BY_ID, id, organizationId);
            return row.isEmpty() ? Optional.empty() : Optional.of(withLineErrors(c, row.get(), lineErrorLimit));
        });
    }

    @Override
    public Optional<StoredCreate> findByIdempotencyKey(String organizationId, String idempotencyKey,
            int lineErrorLimit) {
        return transactions.read(c -> {
            Optional<JobRows.Row> row = findRow(c, FIND_BY_KEY, organizationId, idempotencyKey);
            return row.isEmpty() ? Optional.empty()
                    : Optional.of(new StoredCreate(withLineErrors(c, row.get(), lineErrorLimit),
                            row.get().createFingerprint()));
        });
    }

    /**
     * Takes the job's kept state, or reads the job row (locked as the dialect says), runs core's modification on
     * it, and writes the outcome in the order {@link Modification} gives: the row (only the columns that changed,
     * and its new place in the change feed), the line errors replaced and appended, the chunk recorded
     * (docs/model.md#chunks-exactly-once). A changed job's answer is kept once committed, for its retries and
     * its next write ({@link KeptJobs}).
     *
     * <p>The writes of one job take turns in this store ({@link JobTurns}), those waiting together run in one
     * transaction ({@link #modifyTogether}), and they are first worked out from the job's kept state, without
     * reading the row ({@link #writeAllAsKnown}).
     */
    @Override
    public <R> Optional<Modified<R>> modify(String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification) {
        Write<R> mine = new Write<>(lineErrorLimit, modification);
        Optional<JobTurns<Write<?>>.Turn> lead = turns.enter(organizationId, id, mine);
        if (lead.isPresent()) {
            List<Write<?>> taken = lead.get().take();
            try {
                if (taken.size() == 1) {
                    runAlone(organizationId, id, mine);
                } else {
                    modifyTogether(organizationId, id, taken);
                }
            } finally {
                // Only an Error leaves a taken write unsettled; its caller must not wait for it forever.
                for (Write<?> write : taken) {
                    if (!write.done()) {
                        write.fail(new StoreException("the write's outcome is unknown: the turn that took it failed"));
                    }
                }
                lead.get().pass();
            }
        }
        return mine.answer();
    }

    /**
     * Several writes of one job, taken in one turn, in one transaction and one commit
     * (docs/storage.md#one-jobs-writes-together): each from the state the one before it wrote, in the order they
     * came. A write the rules refuse gets its refusal and writes nothing, the others go on; a failure of the
     * database fails each of them, as it would have failed each alone; a failure of one write's own (a clash on
     * an idempotency key) has each run again alone.
     */
    private void modifyTogether(String organizationId, String id, List<Write<?>> writes) {
        List<Object> outcomes;
        try {
            outcomes = write(c -> {
                CountsChange counts = new CountsChange();
                KeptJobs.Known known = keptJobs.known(organizationId, id).orElse(null);
                List<Object> together = known == null ? null : writeAllAsKnown(c, known, writes, counts);
                // After a missed guess the kept state is no longer offered: the writes then read the row.
                List<Object> each = together != null ? together : writeEach(c, organizationId, id, writes,
                        keptJobs.known(organizationId, id).orElse(null), counts);
                counts.apply(c, dialect.counts());
                return each;
            });
        } catch (StoreException failed) {
            // The database failed the transaction: each write would have failed alone. Each caller gets its own.
            writes.forEach(write -> write.fail(new StoreException(failed.getMessage(), failed)));
            return;
        } catch (RuntimeException oneOfThem) {
            // One write's own failure (a clash on an idempotency key) spoiled the transaction: nothing of it was
            // committed, so each write runs again alone, and only its own failure reaches its caller.
            for (Write<?> write : writes) {
                runAlone(organizationId, id, write);
            }
            return;
        }
        for (int i = 0; i < writes.size(); i++) {
            settle(writes.get(i), outcomes.get(i));
        }
    }

    /**
     * One write in a transaction of its own, from the known state first ({@link #writeAllAsKnown}); its answer or
     * failure settles it for its caller.
     */
    private void runAlone(String organizationId, String id, Write<?> write) {
        Object outcome;
        try {
            outcome = write(c -> {
                CountsChange counts = new CountsChange();
                Optional<? extends Applied<?>> applied = writeOnce(c, organizationId, id, write,
                        keptJobs.known(organizationId, id).orElse(null), counts);
                counts.apply(c, dialect.counts());
                return applied;
            });
        } catch (Refused refused) {
            outcome = refused.refusal();
        } catch (RuntimeException failed) {
            outcome = failed;
        }
        settle(write, outcome);
    }

    /**
     * The writes one after the other, each with its own statements: {@link Optional}s of what each applied, or
     * refusals. Their change of the job's counts goes to {@code counts}, applied once for them all.
     */
    private List<Object> writeEach(Statements c, String organizationId, String id, List<Write<?>> writes,
            KeptJobs.Known known, CountsChange counts) throws SQLException {
        List<Object> each = new ArrayList<>(writes.size());
        for (Write<?> write : writes) {
            try {
                Optional<? extends Applied<?>> applied = writeOnce(c, organizationId, id, write, known, counts);
                each.add(applied);
                if (applied.isPresent() && applied.get().kept() != null) {
                    known = new KeptJobs.Known(applied.get().kept(), applied.get().recordedAtMost());
                }
            } catch (Refused refused) {
                each.add(refused.refusal()); // nothing of it was written: the rules run before any write
            }
        }
        return each;
    }

    /**
     * The writes worked out one after the other from the kept state in the JVM ({@link TurnState}), then sent as
     * one version-checked update of the job's final state with every chunk and line they add
     * ({@link JobRows#updateIfStill}): one statement for the turn where the dialect writes in {@code WITH}. Each
     * write's answer is the job as it left it, its first line errors the stored ones and then those the writes up
     * to it appended. {@code null}, having written nothing, when the kept state is not the row's any more (the
     * guessing then stops for the job), when no write changes the job (there would be no update to check the
     * version with), or when one replaces line errors or moves the idempotency key: the writes then go one by one,
     * each as a turn of its own from the state the one before left (or the kept one) while there is one, else from
     * the row read under lock. A lone write is a turn of one.
     */
    private List<Object> writeAllAsKnown(Statements c, KeptJobs.Known known, List<Write<?>> writes,
            CountsChange counts) throws SQLException {
        JobRows.Row start = known.row();
        TurnState state = new TurnState(new JdbcJobState(c, start, known.recordedAtMost()), start);
        List<Step> steps = new ArrayList<>(writes.size());
        boolean changed = false;
        for (Write<?> write : writes) {
            long versionBefore = state.job().version();
            Modification<?> outcome;
            try {
                outcome = state.run(write.modification);
            } catch (RuntimeException refusal) {
                steps.add(new Step(null, null, versionBefore, null, refusal)); // to be checked by the update
                continue;
            }
            if (outcome.changesJob()) {
                if (!outcome.replacedSeverities().isEmpty() || movesKey(state.job(), outcome)) {
                    return null;
                }
                state.add(outcome);
                changed = true;
            }
            steps.add(new Step(outcome, new JobRows.Row(start.seq(), state.lineErrors(), start.createFingerprint(),
                    state.job()), versionBefore, state.recordedAtMost(), null));
        }
        if (!changed) {
            return null;
        }
        if (!JobRows.updateIfStill(c, dialect, start.seq(), start.job(), start.lineErrorCount(), state.job(),
                state.lines(), feedPosition(c, start.job().organizationId()), state.chunks())) {
            keptJobs.missed(start.job().organizationId(), start.job().id());
            return null;
        }
        counts.add(start.job(), state.job());
        Map<Integer, List<LineError>> storedFirst = new HashMap<>();
        List<Object> outcomes = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Step step = steps.get(i);
            if (step.refusal() != null) {
                outcomes.add(step.refusal());
                continue;
            }
            int limit = writes.get(i).lineErrorLimit;
            List<LineError> first = storedFirst.get(limit);
            if (first == null) {
                first = firstStoredLines(c, start, limit);
                storedFirst.put(limit, first);
            }
            int appended = (int) (step.after().lineErrorCount() - start.lineErrorCount());
            outcomes.add(Optional.of(step.applied(firstLines(first, state.lines().subList(0, appended), limit))));
        }
        return outcomes;
    }

    /**
     * The first {@code limit} line errors the job had when the turn started: from the answer kept for that state,
     * else read (the turn's own lines, numbered after them, are cut off).
     */
    private List<LineError> firstStoredLines(Statements c, JobRows.Row start, int limit) throws SQLException {
        int stored = (int) Math.min(limit, start.lineErrorCount());
        if (stored == 0) {
            return List.of();
        }
        Optional<ImportJob> kept = keptJobs.find(start.job().organizationId(), start.job().id(), start.seq(),
                start.job().version(), limit);
        List<LineError> lines = kept.isPresent() ? kept.get().errorReport() : LineErrorRows.first(c, start.seq(), limit);
        return lines.subList(0, Math.min(stored, lines.size()));
    }

    /**
     * One write of a turn worked out in the JVM: its outcome and the row after it, the version before it, what
     * is known of the job's chunks after it; or its refusal.
     */
    private record Step(Modification<?> outcome, JobRows.Row after, long versionBefore, Integer recordedAtMost,
            RuntimeException refusal) {
        /** What the write applied, its answer carrying {@code lines}. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Applied<?> applied(List<LineError> lines) {
            Modified<?> answer = new Modified(after.job(lines), outcome.result());
            return outcome.changesJob() ? new Applied(after, recordedAtMost, versionBefore, answer)
                    : Applied.unchanged(answer);
        }
    }

    /**
     * Settles a write from its outcome: its refusal or failure, or what it applied in a committed transaction (kept,
     * then answered).
     */
    @SuppressWarnings("unchecked")
    private <R> void settle(Write<R> write, Object outcome) {
        if (outcome instanceof RuntimeException failure) {
            write.fail(failure);
            return;
        }
        Optional<Applied<R>> applied = (Optional<Applied<R>>) outcome;
        keep(applied, write);
        write.answer(applied.map(Applied::modified));
    }

    /**
     * One write in the open transaction: from {@code known} when given and still the row's, else from the row read
     * under lock. Its change of the job's counts goes to {@code counts}, for its caller to apply.
     */
    @SuppressWarnings("unchecked")
    private <R> Optional<Applied<R>> writeOnce(Statements c, String organizationId, String id, Write<R> write,
            KeptJobs.Known known, CountsChange counts) throws SQLException {
        // A lone write from the known state is a turn of one: it writes only when it changes the job, so its one
        // outcome is what it applied, never a refusal (which the row read under lock decides).
        List<Object> asKnown = known == null ? null : writeAllAsKnown(c, known, List.<Write<?>>of(write), counts);
        return asKnown != null ? (Optional<Applied<R>>) asKnown.get(0)
                : writeLocked(c, organizationId, id, write.lineErrorLimit, write.modification, counts);
    }

    /** Keeps a committed change's answer for the job's retries and next write. */
    private void keep(Optional<? extends Applied<?>> applied, Write<?> write) {
        applied.filter(written -> written.kept() != null).ifPresent(written -> keptJobs.keep(written.kept(),
                write.lineErrorLimit, written.modified().job(), written.recordedAtMost(), written.versionBefore()));
    }

    /**
     * A write of a job waiting for its turn ({@link JobTurns}), and once run, what it answers or throws. Set by
     * the thread leading the turn before it passes the turn on, read by the writer once {@link JobTurns#enter}
     * returns: the turns' lock orders the two.
     */
    private static final class Write<R> {
        final int lineErrorLimit;
        final JobModification<R> modification;
        private boolean done;
        private Optional<Modified<R>> answer;
        private RuntimeException failure;

        Write(int lineErrorLimit, JobModification<R> modification) {
            this.lineErrorLimit = lineErrorLimit;
            this.modification = modification;
        }

        boolean done() {
            return done;
        }

        void answer(Optional<Modified<R>> modified) {
            answer = modified;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }

        Optional<Modified<R>> answer() {
            if (failure != null) {
                throw failure;
            }
            if (!done) {
                throw new IllegalStateException("a write returned before its turn ran it");
            }
            return answer;
        }
    }

    /** A refusal by core's rules, carried out of a unit of work: thrown before the write it refuses wrote anything. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(RuntimeException refusal) {
            super(refusal);
        }

        RuntimeException refusal() {
            return (RuntimeException) getCause();
        }
    }

    private <R> Optional<Applied<R>> writeLocked(Statements c, String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification, CountsChange counts) throws SQLException {
        Optional<JobRows.Row> found = rowToModify(c, organizationId, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JobRows.Row row = found.get();
        JdbcJobState state = new JdbcJobState(c, row,
                keptJobs.recordedAtMost(organizationId, id, row.seq(), row.job().version()));
        Modification<R> outcome;
        try {
            outcome = state.run(modification);
        } catch (RuntimeException refusal) {
            throw new Refused(refusal);
        }
        if (!outcome.changesJob()) {
            return Optional.of(Applied.unchanged(new Modified<>(withLineErrors(c, row, lineErrorLimit),
                    outcome.result())));
        }
        long lineErrors = row.lineErrorCount() - LineErrorRows.delete(c, row.seq(), outcome.replacedSeverities());
        LineErrorRows.append(c, dialect, row.seq(), outcome.appendedLineErrors());
        lineErrors += outcome.appendedLineErrors().size();
        Integer chunkInUpdate = dialect.writesInWith() ? outcome.recordedChunk() : null;
        PreparedStatement update = JobRows.updateChanged(c, row.seq(), row.job(), row.lineErrorCount(),
                outcome.job(), lineErrors, feedPosition(c, organizationId), chunkInUpdate);
        if (update != null) {
            keyed(update::executeUpdate, outcome.job());
            counts.add(row.job(), outcome.job());
        }
        if (outcome.recordedChunk() != null && (update == null || chunkInUpdate == null)) {
            JobRows.recordChunk(c, row.seq(), outcome.recordedChunk());
        }
        return Optional.of(applied(c, row, state, outcome, lineErrors, lineErrorLimit));
    }

    /**
     * Whether the change gives the job another idempotency key: it may clash with another job's, which only the
     * locked path reports as such ({@link #keyed}), so such a change goes that way.
     */
    private static boolean movesKey(ImportJob before, Modification<?> outcome) {
        return !Objects.equals(before.idempotencyKey(), outcome.job().idempotencyKey());
    }

    /** What a write of {@code outcome} over {@code row} answers and keeps. */
    private <R> Applied<R> applied(Statements c, JobRows.Row row, JdbcJobState state, Modification<R> outcome,
            long lineErrors, int lineErrorLimit) throws SQLException {
        String organizationId = row.job().organizationId();
        String id = row.job().id();
        JobRows.Row written = new JobRows.Row(row.seq(), lineErrors, row.createFingerprint(), outcome.job());
        ImportJob answer = outcome.replacedSeverities().isEmpty()
                ? keptLineErrors(organizationId, id, row, written, outcome.appendedLineErrors(), lineErrorLimit)
                        .orElse(null) : null;
        Integer recordedAtMost = outcome.recordedChunk() == null ? state.recordedAtMost()
                : state.recordedAtMostWith(outcome.recordedChunk());
        return new Applied<>(written, recordedAtMost, row.job().version(), new Modified<>(
                answer != null ? answer : withLineErrors(c, written, lineErrorLimit), outcome.result()));
    }

    /**
     * The row {@link #modify} changes, locked as the dialect says. When an answer of the job is kept, its seq,
     * version, line-error count and fingerprint are read first, and the rest comes from the answer if it is of
     * that version ({@link KeptJobs#stored}): a chunk of a job being worked on reads four columns, not 42.
     */
    private Optional<JobRows.Row> rowToModify(Statements c, String organizationId, String id) throws SQLException {
        if (!keptJobs.knows(organizationId, id)) {
            return findRow(c, findForModify, id, organizationId);
        }
        PreparedStatement statement = c.prepare(versionForModify);
        statement.setString(1, id);
        statement.setString(2, organizationId);
        long seq;
        long version;
        long lineErrorCount;
        String fingerprint;
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            seq = rs.getLong(1);
            version = rs.getLong(2);
            lineErrorCount = rs.getLong(3);
            fingerprint = rs.getString(4);
        }
        Optional<ImportJob> stored = keptJobs.stored(organizationId, id, seq, version);
        return stored.isPresent() ? Optional.of(new JobRows.Row(seq, lineErrorCount, fingerprint, stored.get()))
                : findRow(c, findForModify, id, organizationId);
    }

    /**
     * The change feed's position of the write in progress, for an insert or update of a job row: computed by
     * the statement itself where the dialect can, else read first and bound.
     */
    private JobRows.Position feedPosition(Statements c, String organizationId) throws SQLException {
        Optional<String> computed = dialect.feedPositionExpression();
        return computed.isPresent() ? JobRows.Position.computed(computed.get())
                : JobRows.Position.bound(dialect.nextFeedPosition(c, organizationId));
    }

    /**
     * The written row's job with its first line errors worked out from the answer kept for the row as it was read,
     * when one is kept: that answer's lines, then the ones appended, up to the limit. They need not be read back.
     */
    private Optional<ImportJob> keptLineErrors(String organizationId, String id, JobRows.Row before,
            JobRows.Row written, List<LineError> appended, int lineErrorLimit) {
        return keptJobs.find(organizationId, id, before.seq(), before.job().version(), lineErrorLimit)
                .map(kept -> written.job(firstLines(kept.errorReport(), appended, lineErrorLimit)));
    }

    /** The first {@code limit} of {@code stored} followed by {@code appended}. */
    private static List<LineError> firstLines(List<LineError> stored, List<LineError> appended, int limit) {
        if (stored.size() >= limit || appended.isEmpty()) {
            return stored.subList(0, Math.min(stored.size(), limit));
        }
        List<LineError> lines = new ArrayList<>(stored);
        lines.addAll(appended.subList(0, Math.min(appended.size(), limit - stored.size())));
        return lines;
    }

    /**
     * What {@link #modify} wrote and answers: the row as written and what is known of its chunks, to keep for the
     * job's retries and next write, with the version the write read ({@code kept} {@code null} when nothing
     * changed), and the answer.
     */
    private record Applied<R>(JobRows.Row kept, Integer recordedAtMost, long versionBefore, Modified<R> modified) {
        static <R> Applied<R> unchanged(Modified<R> modified) {
            return new Applied<>(null, null, 0, modified);
        }
    }

    /**
     * A query of two numbers (the row's seq and version, when the chunk is recorded) outside any transaction,
     * never the writer; then the answer kept for that version, else a read of the job and its line errors
     * (docs/storage.md#retried-chunks). A new chunk costs the query alone, and nothing when it comes after the
     * kept answer's {@code lastProcessedChunkIndex} ({@link KeptJobs#mayBeRecorded}).
     */
    @Override
    public Optional<ImportJob> findIfChunkRecorded(String organizationId, String id, int chunkIndex,
            int lineErrorLimit) {
        if (!keptJobs.mayBeRecorded(organizationId, id, chunkIndex)) {
            return Optional.empty();
        }
        Optional<RowVersion> recorded = transactions.query(c -> {
            PreparedStatement statement = c.prepare(FIND_VERSION_IF_CHUNK_RECORDED);
            bindChunk(statement, organizationId, id, chunkIndex);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new RowVersion(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        });
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Optional<ImportJob> kept = keptJobs.find(organizationId, id, recorded.get().seq(),
                recorded.get().version(), lineErrorLimit);
        if (kept.isPresent()) {
            return kept;
        }
        return transactions.read(c -> {
            PreparedStatement statement = c.prepare(FIND_IF_CHUNK_RECORDED);
            bindChunk(statement, organizationId, id, chunkIndex);
            JobRows.Row row;
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty(); // deleted since the query
                }
                row = JobRows.read(rs);
            }
            ImportJob job = withLineErrors(c, row, lineErrorLimit);
            keptJobs.keep(row, lineErrorLimit, job, null, row.job().version());
            return Optional.of(job);
        });
    }

    private record RowVersion(long seq, long version) {
    }

    private static void bindChunk(PreparedStatement statement, String organizationId, String id, int chunkIndex)
            throws SQLException {
        statement.setString(1, id);
        statement.setString(2, organizationId);
        statement.setInt(3, chunkIndex);
    }

    /** Deletes the row (its chunks and line errors go with it) and records the deletion in the change feed. */
    @Override
    public boolean delete(String organizationId, String id) {
        return write(c -> deleteRow(c, organizationId, id));
    }

    /**
     * Deletes one job in the caller's transaction: its counts, the row (its line errors and chunk records go by
     * the schema's cascade), and a deletion in the change feed. False when there was no such job.
     */
    private boolean deleteRow(Statements c, String organizationId, String id) throws SQLException {
        dialect.counts().deleting(c, organizationId, id);
        return deleteCounted(c, organizationId, id);
    }

    /** {@link #deleteRow} once the job has been taken away from its counts. */
    private boolean deleteCounted(Statements c, String organizationId, String id) throws SQLException {
        // Taken while the row is there: it may hold the organization's highest position.
        long position = dialect.nextFeedPosition(c, organizationId);
        PreparedStatement statement = c.prepare("DELETE FROM jobs " + BY_ID);
        statement.setString(1, id);
        statement.setString(2, organizationId);
        if (statement.executeUpdate() == 0) {
            return false;
        }
        ChangeFeedRows.recordDeletion(c, organizationId, id, position);
        // Only memory: the writes from a kept state check the row's id anyway (another process may delete it).
        keptJobs.forget(organizationId, id);
        return true;
    }

    /**
     * One batch of retention (docs/storage.md#stalled-jobs-and-retention): finds up to {@code limit} expired
     * jobs, oldest first, as a range of the index {@code (completed_at, status)}, locking their rows where the
     * dialect locks rows (so a failed job resumed meanwhile is seen as in progress and kept), and deletes each
     * as {@link #delete} does, a deletion in the change feed included.
     */
    @Override
    public int deleteExpired(Instant completedBefore, int limit) {
        return write(c -> {
            Listings.Query query = expiredQuery(completedBefore, limit);
            List<CountsUpkeep.Job> expired = new ArrayList<>();
            try (ResultSet rs = Listings.bind(c.prepare(findExpired), query.args()).executeQuery()) {
                while (rs.next()) {
                    expired.add(new CountsUpkeep.Job(rs.getString(2), rs.getString(1)));
                }
            }
            // The whole batch's counts first, their rows in the fixed order (docs/storage.md#server-databases).
            dialect.counts().deletingAll(c, expired);
            for (CountsUpkeep.Job job : expired) {
                deleteCounted(c, job.organizationId(), job.id());
            }
            return expired.size();
        });
    }

    /** The candidates of one retention batch: ids and organizations of jobs that ended before the time. */
    public static Listings.Query expiredQuery(Instant completedBefore, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(completedBefore.toEpochMilli());
        ENDED.forEach(status -> args.add(status.wireName()));
        args.add((long) limit);
        return new Listings.Query(EXPIRED, args);
    }

    /**
     * One statement when it can answer ({@link Listings#inOneStatement}); else the total, the page and its
     * previews in one read transaction, so that they come from one snapshot.
     */
    @Override
    public JobSlice list(JobListing listing) {
        if (Listings.mayAnswerInOneStatement(listing)) {
            Optional<JobSlice> whole = transactions.query(c -> Listings.inOneStatement(c, dialect, listing));
            if (whole.isPresent()) {
                return whole.get();
            }
        }
        return transactions.read(c -> {
            long total = Listings.total(c, listing);
            List<JobRows.Row> rows = Listings.page(c, listing);
            Map<Long, List<LineError>> previews = LineErrorRows.firstOfEach(c, dialect, JobRows.withLineErrors(rows),
                    listing.lineErrorPreview());
            List<ImportJob> items = new ArrayList<>(rows.size());
            for (JobRows.Row row : rows) {
                items.add(row.job(previews.getOrDefault(row.seq(), List.of())));
            }
            return new JobSlice(items, total);
        });
    }

    @Override
    public JobChanges changesSince(String organizationId, long after, int limit, int lineErrorPreview) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return transactions.read(c -> ChangeFeedRows.read(c, dialect, organizationId, after, limit, lineErrorPreview));
    }

    @Override
    public Optional<LineErrorSlice> listLineErrors(String organizationId, String id, Set<Severity> severities,
            long offset, int limit) {
        return transactions.read(c -> {
            Optional<Long> seq = jobSeq(c, organizationId, id);
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            List<LineError> lines = new ArrayList<>();
            LineErrorRows.page(c, seq.get(), severities, offset, limit, lines::add);
            return Optional.of(new LineErrorSlice(lines, LineErrorRows.count(c, seq.get(), severities)));
        });
    }

    /**
     * Reads the lines in batches ({@link #EXPORT_BATCH_LINES}, {@link #EXPORT_BATCH_CHARS}), each in a read
     * transaction of its own, and hands a batch to {@code sink} only once its transaction has ended: a slow
     * consumer (a client reading a download slowly) holds no connection and keeps no snapshot alive
     * (docs/storage.md#concurrency). Each batch starts after the last line of the one before, so a walk
     * that overlaps a change of the job's line errors may mix lines from before and after it.
     */
    @Override
    public boolean forEachLineError(String organizationId, String id, Set<Severity> severities,
            Consumer<LineError> sink) {
        Optional<LineErrorRows.Batch> first = transactions.read(c -> {
            Optional<Long> seq = jobSeq(c, organizationId, id);
            return seq.isEmpty() ? Optional.empty() : Optional.of(LineErrorRows.after(c, seq.get(), severities, 0,
                    EXPORT_BATCH_LINES, EXPORT_BATCH_CHARS));
        });
        if (first.isEmpty()) {
            return false;
        }
        LineErrorRows.Batch batch = first.get();
        batch.lines().forEach(sink);
        while (batch.more()) {
            LineErrorRows.Batch previous = batch;
            batch = transactions.read(c -> LineErrorRows.after(c, previous.jobSeq(), severities, previous.lastSeq(),
                    EXPORT_BATCH_LINES, EXPORT_BATCH_CHARS));
            batch.lines().forEach(sink);
        }
        return true;
    }

    /**
     * Read first (the common case: made long ago); else insert a fresh one unless another process got
     * there first, and read whichever won. Kept as hex text, which every database stores alike.
     */
    @Override
    public byte[] sharedSecret(String name, int bytes) {
        Optional<String> kept = transactions.read(c -> setting(c, name));
        if (kept.isEmpty()) {
            byte[] fresh = new byte[bytes];
            RANDOM.nextBytes(fresh);
            kept = write(c -> {
                PreparedStatement insert = c.prepare(
                        "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
                insert.setString(1, name);
                insert.setString(2, HexFormat.of().formatHex(fresh));
                insert.executeUpdate();
                return setting(c, name);
            });
        }
        return HexFormat.of().parseHex(kept.orElseThrow());
    }

    private static Optional<String> setting(Statements c, String name) throws SQLException {
        PreparedStatement select = c.prepare("SELECT value FROM settings WHERE name = ?");
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /**
     * A query, and a write unless a recent one vouches for the store ({@link WriteHealth}): the probe
     * updates one {@code settings} row in a transaction of its own (docs/storage.md#health).
     */
    @Override
    public void ping() {
        transactions.read(c -> {
            try (ResultSet rs = c.prepare("SELECT 1").executeQuery()) {
                return rs.next();
            }
        });
        health.check(() -> write(c -> {
            PreparedStatement probe = c.prepare("INSERT INTO settings (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
            probe.setString(1, WRITE_PROBE);
            probe.setString(2, Instant.now().toString());
            return probe.executeUpdate();
        }));
    }

    /** Runs a write transaction, telling {@link #health} how it went: a store failure, or a commit. */
    private <T> T write(Transactions.Work<T> work) {
        T result;
        try {
            result = transactions.write(work);
        } catch (StoreException e) {
            health.failed();
            throw e;
        }
        health.committed();
        return result;
    }

    @Override
    public void close() {
        transactions.close();
    }

    private static Optional<JobRows.Row> findRow(Statements c, String sql, String first, String second)
            throws SQLException {
        PreparedStatement statement = c.prepare(sql);
        statement.setString(1, first);
        statement.setString(2, second);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(JobRows.read(rs)) : Optional.empty();
        }
    }

    private static Optional<Long> jobSeq(Statements c, String organizationId, String id) throws SQLException {
        PreparedStatement statement = c.prepare("SELECT seq FROM jobs " + BY_ID);
        statement.setString(1, id);
        statement.setString(2, organizationId);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** The row's job carrying up to {@code limit} line errors; no query when it has none. */
    private static ImportJob withLineErrors(Statements c, JobRows.Row row, int limit) throws SQLException {
        if (row.lineErrorCount() == 0 || limit == 0) {
            return row.job(List.of());
        }
        return row.job(LineErrorRows.first(c, row.seq(), limit));
    }

    /** Runs an insert or update of a job row; a clash on the idempotency key becomes core's exception. */
    private <T> T keyed(Execution<T> execution, ImportJob job) throws SQLException {
        try {
            return execution.run();
        } catch (SQLException e) {
            if (dialect.classify(e) == SqlFailure.DUPLICATE_IDEMPOTENCY_KEY) {
                throw duplicateKey(job);
            }
            throw e;
        }
    }

    /** A statement's execution, for {@link #keyed}. */
    @FunctionalInterface
    private interface Execution<T> {
        T run() throws SQLException;
    }

    private static DuplicateIdempotencyKeyException duplicateKey(ImportJob job) {
        return new DuplicateIdempotencyKeyException(job.organizationId(), job.idempotencyKey());
    }
}
