package dev.importjobs.http;

import dev.importjobs.core.service.ListJobChanges;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;

/**
 * This server's poller of one organization's change feed (docs/server.md#event-streams): one for all of the
 * organization's streams, however many, read on the poll thread every poll interval while a stream is open.
 * The feed is read from the store, so changes made through other servers on the same database arrive too.
 *
 * <p>A stream joins at the position it was opened at (where its client left off, or the feed's latest). One
 * behind the poller is first caught up from the store on its own; one that is too far behind, or whose
 * position the feed cannot continue from, is told to {@code reload} instead. Each change is rendered once and
 * goes to every stream that has not had it and follows its job.
 */
final class OrganizationFeed {
    /** The most changes read at once. */
    static final int READ_LIMIT = 500;
    /** Reads per poll at most, so that one busy organization cannot keep the poll thread from the others. */
    private static final int READS_PER_POLL = 8;

    final String organizationId;
    private final ListJobChanges feed;
    private final EventWriter writer;
    private final Queue<EventStream> joining = new ConcurrentLinkedQueue<>();
    /** The streams following the feed; the poll thread's alone. */
    private final List<EventStream> streams = new ArrayList<>();
    /** Where the next read starts; -1 until the first stream joins. */
    private long cursor = -1;
    /** The periodic poll, cancelled when the feed retires. */
    ScheduledFuture<?> schedule;

    OrganizationFeed(String organizationId, ListJobChanges feed, EventWriter writer) {
        this.organizationId = organizationId;
        this.feed = feed;
        this.writer = writer;
    }

    /** Any thread: the stream joins at the next poll. */
    void join(EventStream stream) {
        joining.add(stream);
    }

    boolean hasJoiners() {
        return !joining.isEmpty();
    }

    /**
     * The poll thread: lets the joining streams in, then sends what changed since the last read. Returns
     * {@code false} when no stream is left to send to.
     */
    boolean poll() {
        streams.removeIf(stream -> !stream.isOpen());
        for (EventStream stream; (stream = joining.peek()) != null; joining.remove()) {
            if (stream.isOpen()) {
                if (cursor < 0) {
                    cursor = stream.sent;
                }
                catchUp(stream);
                streams.add(stream);
            }
        }
        if (streams.isEmpty()) {
            return false;
        }
        for (int reads = 0; reads < READS_PER_POLL; reads++) {
            JobChanges read = feed.changesSince(organizationId, cursor, READ_LIMIT);
            if (!read.resumable()) {
                // Deletions not yet read were forgotten, or the database is not the one the cursor came from.
                streams.forEach(stream -> reload(stream, read.latest()));
                cursor = read.latest();
                return true;
            }
            send(read.changes(), streams);
            cursor = read.next();
            streams.forEach(stream -> stream.sent = Math.max(stream.sent, cursor));
            if (!read.more()) {
                break;
            }
        }
        return true;
    }

    private void catchUp(EventStream stream) {
        if (stream.sent >= cursor) {
            return;
        }
        JobChanges read = feed.changesSince(organizationId, stream.sent, READ_LIMIT);
        if (!read.resumable() || read.more() || read.latest() < cursor) {
            reload(stream, cursor);
        } else {
            send(read.changes(), List.of(stream));
            stream.sent = read.latest();
        }
    }

    private void reload(EventStream stream, long position) {
        writer.send(stream, EventFrames.reload(position));
        stream.sent = position;
    }

    private void send(List<JobChange> changes, List<EventStream> to) {
        if (changes.isEmpty()) {
            return;
        }
        List<byte[]> frames = EventFrames.of(changes);
        for (EventStream stream : to) {
            for (int i = 0; i < changes.size(); i++) {
                if (stream.wants(changes.get(i))) {
                    writer.send(stream, frames.get(i));
                }
            }
        }
    }
}
