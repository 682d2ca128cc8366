package dev.importjobs.core.memory;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.spi.DuplicateIdempotencyKeyException;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.JobSlice;
import dev.importjobs.core.spi.JobState;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.spi.KeysetPosition;
import dev.importjobs.core.spi.LineErrorSlice;
import dev.importjobs.core.spi.Modification;
import dev.importjobs.core.spi.Modified;
import dev.importjobs.core.spi.StoredCreate;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A {@link JobStore} in memory, for tests of applications that embed Import Jobs. It passes the same
 * contract suite as the SQLite store. One lock serializes everything: simple and obviously atomic,
 * fine for tests, not meant for load. Nothing survives {@link #close()}.
 */
public final class InMemoryJobStore implements JobStore {
    private final Map<String, Entry> jobs = new HashMap<>();
    private final Map<String, String> idsByKey = new HashMap<>();
    private final Map<String, byte[]> secrets = new HashMap<>();
    /** Each organization's remembered deletions, by feed position. */
    private final Map<String, TreeMap<Long, String>> deletions = new HashMap<>();
    /** Per organization, the position of the newest deletion forgotten. */
    private final Map<String, Long> forgottenThrough = new HashMap<>();
    /** The last position of the change feed given, one counter for every organization. */
    private long lastPosition;

    /** An empty store. */
    public InMemoryJobStore() {
        // Nothing to open: the maps above are the store.
    }

    @Override
    public synchronized void insert(ImportJob job, String createFingerprint) {
        String address = address(job.organizationId(), job.id());
        if (jobs.containsKey(address)) {
            throw new IllegalStateException("job id already stored: " + job.id());
        }
        claimKey(job, null);
        Entry entry = new Entry(job.withErrorReport(List.of(), false), createFingerprint, ++lastPosition);
        entry.lines.addAll(job.errorReport());
        jobs.put(address, entry);
    }

    @Override
    public synchronized Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit) {
        return Optional.ofNullable(jobs.get(address(organizationId, id))).map(entry -> entry.read(lineErrorLimit));
    }

    @Override
    public synchronized Optional<StoredCreate> findByIdempotencyKey(String organizationId, String idempotencyKey,
            int lineErrorLimit) {
        return Optional.ofNullable(idsByKey.get(address(organizationId, idempotencyKey)))
                .map(id -> jobs.get(address(organizationId, id)))
                .map(entry -> new StoredCreate(entry.read(lineErrorLimit), entry.fingerprint));
    }

    @Override
    public synchronized <R> Optional<Modified<R>> modify(String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification) {
        Entry entry = jobs.get(address(organizationId, id));
        if (entry == null) {
            return Optional.empty();
        }
        Modification<R> outcome = modification.apply(entry.state());
        if (outcome.changesJob()) {
            claimKey(outcome.job(), entry.job);
            entry.job = outcome.job().withErrorReport(List.of(), false);
            entry.lines.removeIf(line -> outcome.replacedSeverities().contains(line.severity()));
            entry.lines.addAll(outcome.appendedLineErrors());
            if (outcome.recordedChunk() != null) {
                entry.chunks.add(outcome.recordedChunk());
            }
            entry.position = ++lastPosition;
        }
        return Optional.of(new Modified<>(entry.read(lineErrorLimit), outcome.result()));
    }

    @Override
    public synchronized Optional<ImportJob> findIfChunkRecorded(String organizationId, String id, int chunkIndex,
            int lineErrorLimit) {
        return Optional.ofNullable(jobs.get(address(organizationId, id)))
                .filter(entry -> entry.chunks.contains(chunkIndex))
                .map(entry -> entry.read(lineErrorLimit));
    }

    @Override
    public synchronized boolean delete(String organizationId, String id) {
        Entry entry = jobs.remove(address(organizationId, id));
        if (entry == null) {
            return false;
        }
        if (entry.job.idempotencyKey() != null) {
            idsByKey.remove(address(organizationId, entry.job.idempotencyKey()));
        }
        TreeMap<Long, String> deleted = deletions.computeIfAbsent(organizationId, org -> new TreeMap<>());
        deleted.put(++lastPosition, id);
        while (deleted.size() > JobChanges.DELETIONS_KEPT) {
            forgottenThrough.put(organizationId, deleted.pollFirstEntry().getKey());
        }
        return true;
    }

    @Override
    public synchronized int deleteExpired(Instant completedBefore, int limit) {
        List<Entry> expired = jobs.values().stream()
                .filter(entry -> entry.job.status().isTerminal() && entry.job.completedAt() != null
                        && entry.job.completedAt().isBefore(completedBefore))
                .limit(limit)
                .toList();
        expired.forEach(entry -> delete(entry.job.organizationId(), entry.job.id()));
        return expired.size();
    }

    @Override
    public synchronized JobChanges changesSince(String organizationId, long after, int limit, int lineErrorPreview) {
        List<JobChange> changes = new ArrayList<>();
        for (Entry entry : jobs.values()) {
            if (entry.position > after && entry.job.organizationId().equals(organizationId)) {
                changes.add(JobChange.changed(entry.position, entry.read(lineErrorPreview)));
            }
        }
        deletions.getOrDefault(organizationId, new TreeMap<>()).tailMap(after, false)
                .forEach((position, id) -> changes.add(JobChange.deleted(position, id)));
        changes.sort(Comparator.comparingLong(JobChange::position));
        boolean more = changes.size() > limit;
        boolean resumable = after >= forgottenThrough.getOrDefault(organizationId, 0L) && after <= lastPosition;
        return new JobChanges(more ? changes.subList(0, limit) : changes, more, lastPosition, resumable);
    }

    @Override
    public synchronized JobSlice list(JobListing listing) {
        Sort sort = listing.sort();
        List<Entry> matching = jobs.values().stream()
                .filter(entry -> entry.job.organizationId().equals(listing.organizationId()))
                .filter(entry -> listing.filter().matches(entry.job, listing.stallCutoff()))
                .toList();
        KeysetPosition after = listing.after();
        Stream<Entry> page = matching.stream()
                .filter(entry -> after == null || sort.compareKeys(sort.field().keyOf(entry.job), entry.job.id(),
                        after.key(), after.id()) > 0)
                .sorted((a, b) -> sort.comparator().compare(a.job, b.job))
                .skip(listing.offset())
                .limit(listing.limit());
        return new JobSlice(page.map(entry -> entry.read(listing.lineErrorPreview())).toList(), matching.size());
    }

    @Override
    public synchronized Optional<LineErrorSlice> listLineErrors(String organizationId, String id,
            Set<Severity> severities, long offset, int limit) {
        return Optional.ofNullable(jobs.get(address(organizationId, id))).map(entry -> {
            List<LineError> matching = entry.lines.stream().filter(line -> matches(severities, line)).toList();
            return new LineErrorSlice(matching.stream().skip(offset).limit(limit).toList(), matching.size());
        });
    }

    @Override
    public boolean forEachLineError(String organizationId, String id, Set<Severity> severities,
            Consumer<LineError> sink) {
        List<LineError> snapshot;
        synchronized (this) {
            Entry entry = jobs.get(address(organizationId, id));
            if (entry == null) {
                return false;
            }
            snapshot = List.copyOf(entry.lines);
        }
        // The sink may be slow (a network write): hand lines over outside the lock.
        snapshot.stream().filter(line -> matches(severities, line)).forEach(sink);
        return true;
    }

    @Override
    public synchronized byte[] sharedSecret(String name, int bytes) {
        return secrets.computeIfAbsent(name, n -> {
            byte[] secret = new byte[bytes];
            new SecureRandom().nextBytes(secret);
            return secret;
        }).clone();
    }

    @Override
    public void ping() {
        // Memory always answers.
    }

    @Override
    public synchronized void close() {
        jobs.clear();
        idsByKey.clear();
        deletions.clear();
        forgottenThrough.clear();
    }

    /** Takes the idempotency key of {@code job} for it, releasing the key {@code previous} held. */
    private void claimKey(ImportJob job, ImportJob previous) {
        String key = job.idempotencyKey();
        String previousKey = previous == null ? null : previous.idempotencyKey();
        if (key != null && !key.equals(previousKey)) {
            String holder = idsByKey.get(address(job.organizationId(), key));
            if (holder != null && !holder.equals(job.id())) {
                throw new DuplicateIdempotencyKeyException(job.organizationId(), key);
            }
        }
        if (previousKey != null && !previousKey.equals(key)) {
            idsByKey.remove(address(job.organizationId(), previousKey));
        }
        if (key != null) {
            idsByKey.put(address(job.organizationId(), key), job.id());
        }
    }

    private static boolean matches(Set<Severity> severities, LineError line) {
        return severities.isEmpty() || severities.contains(line.severity());
    }

    private static String address(String organizationId, String idOrKey) {
        return organizationId + '\u0000' + idOrKey;
    }

    private static final class Entry {
        private ImportJob job;
        private final String fingerprint;
        /** Where the job's last change sits in the change feed. */
        private long position;
        private final TreeSet<Integer> chunks = new TreeSet<>();
        private final List<LineError> lines = new ArrayList<>();

        Entry(ImportJob job, String fingerprint, long position) {
            this.job = job;
            this.fingerprint = fingerprint;
            this.position = position;
        }

        ImportJob read(int lineErrorLimit) {
            List<LineError> shown = lines.size() <= lineErrorLimit ? lines : lines.subList(0, lineErrorLimit);
            return job.withErrorReport(shown, shown.size() < lines.size());
        }

        JobState state() {
            return new JobState() {
                @Override
                public ImportJob job() {
                    return job;
                }

                @Override
                public boolean isChunkRecorded(int chunkIndex) {
                    return chunks.contains(chunkIndex);
                }

                @Override
                public int firstUnrecordedChunk(int from) {
                    int next = from;
                    for (int recorded : chunks.tailSet(from)) {
                        if (recorded != next) {
                            break;
                        }
                        next++;
                    }
                    return next;
                }

                @Override
                public long lineErrorCount(Set<Severity> severities) {
                    return lines.stream().filter(line -> matches(severities, line)).count();
                }
            };
        }
    }
}
