package dev.importjobs.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A response body as it is written: the first {@link #LIMIT} bytes are held back, so a small answer goes
 * out with its {@code Content-Length} (as a whole answer always did) and a failure before then can still be
 * answered with an error; past that the headers go out and the rest streams, chunked, straight to the
 * client. Memory per answer stays within the limit whatever the size of the body (docs/design.md, "HTTP
 * decisions"). A HEAD answer sends its headers and no body.
 *
 * <p>The limit holds a page of 50 jobs (about 40 KB) whole: the JDK sends a chunked body as one socket write
 * and one TCP segment per 4 KiB chunk, a held one in a single write, which costs server and client less
 * (docs/benchmarks.md, "Where the time goes").
 */
final class ResponseBody extends OutputStream {
    static final int LIMIT = 64 * 1024;
    /** The first hold's least size. */
    private static final int FIRST_HOLD = 1024;

    private final Call call;
    private final int status;
    private final boolean head;
    /**
     * Made on the first write, which holds the whole of a small answer; a second write means a larger one,
     * and then it grows to the limit at once, copying once rather than at every doubling.
     */
    private byte[] held;
    private int count;
    private OutputStream streaming;
    /** Nothing more goes out: the answer is complete, or abandoned. */
    private boolean done;

    ResponseBody(Call call, int status) {
        this.call = call;
        this.status = status;
        this.head = call.method().equals("HEAD");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (done || head) {
            return;
        }
        if (streaming == null && count + length > LIMIT) {
            call.start(status, 0);
            streaming = call.exchange.getResponseBody();
            if (count > 0) {
                streaming.write(held, 0, count);
            }
            held = null;
        }
        if (streaming != null) {
            streaming.write(bytes, offset, length);
            return;
        }
        if (held == null) {
            held = new byte[Math.max(FIRST_HOLD, length)];
        } else if (count + length > held.length) {
            held = Arrays.copyOf(held, LIMIT);
        }
        System.arraycopy(bytes, offset, held, count, length);
        count += length;
    }

    /** Held bytes stay held until the answer is complete: flushing them would give up the length. */
    @Override
    public void flush() {
    }

    /** Sends what is held with its length, or ends the streamed body. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (streaming != null) {
            streaming.close();
            return;
        }
        // A HEAD answer has no body: the JDK server says so (and warns) if a length is announced.
        call.start(status, head || count == 0 ? -1 : count);
        try (OutputStream out = call.exchange.getResponseBody()) {
            if (!head && count > 0) {
                out.write(held, 0, count);
            }
        }
    }

    /** Drops what is held: the answer failed before any of it went out, and another will be written. */
    void abandon() {
        done = true;
    }
}
