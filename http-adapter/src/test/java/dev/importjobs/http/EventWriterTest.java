package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one writer thread of the event streams (docs/server.md#event-streams), on streams whose client is
 * simulated: a write that stalls is cut off after the write timeout and the others go on; a stream with too
 * much waiting is dropped; a closed stream gets its end and nothing more.
 */
class EventWriterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<EventStream> closed = new CopyOnWriteArrayList<>();

    /** A client whose every write blocks, as over a full socket, until the writer thread is interrupted. */
    private static final class StalledBody extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch cutOff = new CountDownLatch(1);

        @Override
        public void write(int b) throws InterruptedIOException {
            writing.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                cutOff.countDown();
                throw new InterruptedIOException("cut off");
            }
        }
    }

    /** A client that reads everything; {@code arrived} counts down as writes come. */
    private static final class ReadingBody extends ByteArrayOutputStream {
        final CountDownLatch arrived;

        ReadingBody(int writes) {
            this.arrived = new CountDownLatch(writes);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            arrived.countDown();
        }
    }

    private static EventStream stream(OutputStream body, CountDownLatch ended) {
        return new EventStream("org_1", null, "caller", new FakeExchange(body, ended), 0);
    }

    @Test
    void aStalledWriteIsCutOffAfterTheTimeoutAndTheOthersGoOn() throws InterruptedException {
        EventWriter writer = new EventWriter(Duration.ofMillis(200), closed::add);
        writer.start();
        StalledBody stalledBody = new StalledBody();
        CountDownLatch stalledEnded = new CountDownLatch(1);
        EventStream stalled = stream(stalledBody, stalledEnded);
        ReadingBody readingBody = new ReadingBody(2);
        EventStream reading = stream(readingBody, new CountDownLatch(1));

        long began = System.nanoTime();
        writer.send(stalled, EventFrames.HEARTBEAT);
        writer.send(reading, EventFrames.HEARTBEAT);
        writer.send(reading, EventFrames.HEARTBEAT);
        assertTrue(stalledBody.writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the stalled write began");
        assertEquals(2, readingBody.arrived.getCount(), "the others wait while the write is stalled");
        while (stalledBody.cutOff.getCount() > 0) {
            assertTrue(System.nanoTime() - began < PATIENCE.toNanos(), "the stalled write was cut off");
            writer.cutOffStalledWrite(); // as the timer does, often
            Thread.onSpinWait();
        }

        assertTrue(System.nanoTime() - began >= Duration.ofMillis(200).toNanos(), "not before the timeout");
        assertTrue(readingBody.arrived.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the others went on");
        assertArrayEquals(":\n\n:\n\n".getBytes(), readingBody.toByteArray());
        assertTrue(stalledEnded.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the cut-off stream was ended");
        assertEquals(List.of(stalled), closed);
        assertFalse(stalled.isOpen());
        writer.stop(Duration.ofSeconds(1));
    }

    @Test
    void aStreamWithTooMuchWaitingIsDroppedAndGetsNothingMore() throws InterruptedException {
        EventWriter writer = new EventWriter(Duration.ofHours(1), closed::add);
        writer.start();
        StalledBody stalledBody = new StalledBody();
        writer.send(stream(stalledBody, new CountDownLatch(1)), EventFrames.HEARTBEAT);
        assertTrue(stalledBody.writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the writer is held up");
        ReadingBody behindBody = new ReadingBody(1);
        CountDownLatch behindEnded = new CountDownLatch(1);
        EventStream behind = stream(behindBody, behindEnded);

        byte[] event = new byte[64 * 1024];
        for (long queued = 0; queued <= EventWriter.MAX_QUEUED_BYTES; queued += event.length) {
            assertTrue(behind.isOpen(), "open while within the limit, at " + queued + " bytes");
            writer.send(behind, event);
        }

        assertFalse(behind.isOpen(), "dropped past " + EventWriter.MAX_QUEUED_BYTES + " bytes waiting");
        assertEquals(List.of(behind), closed);
        writer.stop(Duration.ofMillis(100));
        assertEquals(0, behindBody.size(), "nothing of what waited was written");
    }

    /** An exchange with a given body; {@link #close()} counts down {@code ended}. */
    private static final class FakeExchange extends HttpExchange {
        private final OutputStream body;
        private final CountDownLatch ended;

        FakeExchange(OutputStream body, CountDownLatch ended) {
            this.body = body;
            this.ended = ended;
        }

        @Override
        public OutputStream getResponseBody() {
            return body;
        }

        @Override
        public void close() {
            ended.countDown();
        }

        @Override
        public Headers getRequestHeaders() {
            return new Headers();
        }

        @Override
        public Headers getResponseHeaders() {
            return new Headers();
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/");
        }

        @Override
        public String getRequestMethod() {
            return "GET";
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public InputStream getRequestBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            throw new UnsupportedOperationException("the stream's headers were sent before the writer had it");
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public int getResponseCode() {
            return 200;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress("127.0.0.1", 2);
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
