package dev.importjobs.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread that writes to every event stream, flushing after each event (docs/server.md#event-streams).
 *
 * <p>The JDK server's writes block, so a client that stopped reading would hold the thread once its socket
 * buffers are full. A write still running after the write timeout is cut off: the thread is interrupted,
 * which closes that connection (a socket channel closes when a thread blocked on it is interrupted) and no
 * other, and the thread goes on with the rest. So a stalled client delays the others once, by at most the
 * timeout. Each stream may also have at most {@link #MAX_QUEUED_BYTES} waiting; past that it is dropped.
 * Either way its client reconnects and resumes from its last event.
 */
final class EventWriter {
    /** What a stream may have waiting before it is dropped. */
    static final long MAX_QUEUED_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger("dev.importjobs.http");

    /** Bytes for a stream, or ({@code bytes == null}) its end; {@link #STOP} ends the thread. */
    private record Task(EventStream stream, byte[] bytes) {
    }

    private static final Task STOP = new Task(null, null);

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final long timeoutNanos;
    private final Consumer<EventStream> closed;
    private final Thread thread;
    /** Guards {@link #writing} and {@link #since}, and every interrupt of the thread for a stalled write. */
    private final Object watch = new Object();
    private EventStream writing;
    private long since;
    private volatile boolean abandoned;

    /** @param closed told once of every stream closed, whatever closed it */
    EventWriter(Duration timeout, Consumer<EventStream> closed) {
        this.timeoutNanos = timeout.toNanos();
        this.closed = closed;
        this.thread = new Thread(this::run, "importjobs-events-write");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code bytes} for the stream, or drops the stream when too much is waiting for it already. */
    void send(EventStream stream, byte[] bytes) {
        if (!stream.isOpen()) {
            return;
        }
        if (stream.queued(bytes.length) > MAX_QUEUED_BYTES) {
            LOG.log(System.Logger.Level.DEBUG, () -> "event stream of " + stream.caller + " dropped: "
                    + MAX_QUEUED_BYTES + " bytes waiting");
            close(stream);
            return;
        }
        tasks.add(new Task(stream, bytes));
    }

    /** Closes the stream: nothing more is written to it but its end. */
    void close(EventStream stream) {
        if (stream.markClosed()) {
            closed.accept(stream);
            tasks.add(new Task(stream, null));
        }
    }

    /** Interrupts a write that has run longer than the timeout; the timer thread calls it often. */
    void cutOffStalledWrite() {
        synchronized (watch) {
            if (writing != null && System.nanoTime() - since > timeoutNanos) {
                EventStream stalled = writing;
                LOG.log(System.Logger.Level.DEBUG, () -> "event stream of " + stalled.caller + " cut off: a write "
                        + "took longer than " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
                thread.interrupt();
            }
        }
    }

    /**
     * Writes what is queued (every stream's end, when the streams were closed first), then stops; past
     * {@code wait} it abandons the rest, cutting off the write under way.
     */
    void stop(Duration wait) throws InterruptedException {
        tasks.add(STOP);
        thread.join(Math.max(1, wait.toMillis()));
        if (thread.isAlive()) {
            abandoned = true;
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
    }

    private void run() {
        try {
            while (!abandoned) {
                Task task = tasks.take();
                if (task == STOP) {
                    return;
                }
                EventStream stream = task.stream();
                try {
                    if (task.bytes() == null) {
                        watched(stream, stream::end);
                    } else {
                        stream.queued(-task.bytes().length);
                        if (stream.isOpen()) {
                            watched(stream, () -> stream.write(task.bytes()));
                        }
                    }
                } catch (IOException e) {
                    // The client is gone, or its write was cut off: it may reconnect and resume.
                    close(stream);
                }
            }
        } catch (InterruptedException e) {
            // Stopped while waiting for work.
        }
    }

    private void watched(EventStream stream, Write write) throws IOException {
        synchronized (watch) {
            writing = stream;
            since = System.nanoTime();
        }
        try {
            write.run();
        } finally {
            synchronized (watch) {
                writing = null;
                // An interrupt meant for this write that came as it returned must not cut off the next one.
                Thread.interrupted();
            }
        }
    }
}
