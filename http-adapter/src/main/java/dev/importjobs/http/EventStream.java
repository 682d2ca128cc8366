package dev.importjobs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.importjobs.core.spi.JobChange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's open event stream (docs/api.md#live-events): whose it is, what it follows, how far the feed
 * has brought it, and the bytes waiting for the writer. Only the {@link EventWriter}'s thread writes to it;
 * only its feed's poll reads and moves {@link #sent}.
 */
final class EventStream {
    final String organizationId;
    /** The one job followed, or {@code null} for every job of the organization. */
    final String jobId;
    /** Whom the per-caller cap counts this stream against. */
    final String caller;
    private final HttpExchange exchange;
    private final OutputStream body;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** The feed position the stream has been brought to: no change at or below it is sent again. */
    long sent;

    EventStream(String organizationId, String jobId, String caller, HttpExchange exchange, long sent) {
        this.organizationId = organizationId;
        this.jobId = jobId;
        this.caller = caller;
        this.exchange = exchange;
        this.body = exchange.getResponseBody();
        this.sent = sent;
    }

    boolean wants(JobChange change) {
        return change.position() > sent && (jobId == null || jobId.equals(change.jobId()));
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Marks the stream closed; {@code true} only for the first caller, who then has it ended. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Counts bytes handed to the writer; returns how many are waiting now. */
    long queued(long bytes) {
        return queuedBytes.addAndGet(bytes);
    }

    /** Writes and flushes, so the client gets the event now and not when a buffer fills. */
    void write(byte[] bytes) throws IOException {
        body.write(bytes);
        body.flush();
    }

    /** Ends the response: the last chunk when the client is there, else the connection is closed. */
    void end() {
        exchange.close();
    }
}
