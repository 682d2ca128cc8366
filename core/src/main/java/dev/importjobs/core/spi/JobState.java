package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.Severity;
import java.util.Set;

/**
 * What a {@link JobModification} may know about a job while its transaction is open: the row and the
 * facts about its chunks and line errors that the rules need. Valid only during {@code apply}.
 */
public interface JobState {
    /** The job as stored, without line errors ({@link ImportJob#errorReport()} is empty). */
    ImportJob job();

    /** Whether a chunk with this index was recorded for the job. */
    boolean isChunkRecorded(int chunkIndex);

    /** The smallest index {@code >= from} that has no recorded chunk. */
    int firstUnrecordedChunk(int from);

    /** How many line errors of these severities (all when the set is empty) are stored. */
    long lineErrorCount(Set<Severity> severities);
}
