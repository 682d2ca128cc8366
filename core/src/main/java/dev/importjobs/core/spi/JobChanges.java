package dev.importjobs.core.spi;

import java.util.List;

/**
 * A read of an organization's change feed after some position (docs/storage.md#the-change-feed).
 *
 * @param changes   the changes after that position, oldest first: each job at most once, as it is now
 * @param more      whether more changes follow the last one returned (the read hit its limit)
 * @param latest    the feed's position now: every change up to it has been made visible, and any change
 *                  made visible later has a greater position
 * @param resumable {@code false} when the feed cannot continue from the position asked for: deletions after
 *                  it were forgotten, or it is later than any position the feed has given (another
 *                  database's, say). The reader then reads everything again (its jobs, its pages) and follows
 *                  the feed from {@code latest}.
 */
public record JobChanges(List<JobChange> changes, boolean more, long latest, boolean resumable) {
    /**
     * How many deletions of each organization the feed remembers: the newest ones. A reader that fell
     * behind by more is told it cannot resume.
     */
    public static final int DELETIONS_KEPT = 1000;

    public JobChanges {
        changes = List.copyOf(changes);
        if (more && changes.isEmpty()) {
            throw new IllegalArgumentException("more changes can only follow some changes");
        }
    }

    /** Where the next read continues: after the last change returned, or at {@code latest} when none follow. */
    public long next() {
        return more ? changes.get(changes.size() - 1).position() : latest;
    }
}
