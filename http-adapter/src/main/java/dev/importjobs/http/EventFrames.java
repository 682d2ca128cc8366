package dev.importjobs.http;

import dev.importjobs.core.spi.JobChange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * The bytes of an event stream (docs/api.md#live-events), in the text/event-stream format: {@code event: job}
 * with the style B item, {@code event: deleted} with {@code {"id":…}}, {@code event: reload}, and comment
 * lines. The JSON is written on one line (newlines inside strings are escaped), so each event's data is one
 * {@code data:} line.
 */
final class EventFrames {
    /** Sent first: proxies and clients see the stream open before any change. */
    static final byte[] OPENED = bytes(": live\n\n");
    static final byte[] HEARTBEAT = bytes(":\n\n");

    private EventFrames() {
    }

    /**
     * One event per change, rendered once for every stream that gets it. Only the last change of a position
     * carries it as its {@code id:} (one transaction's changes share one): a client that resumes from an id
     * has had every change up to it.
     */
    static List<byte[]> of(List<JobChange> changes) {
        List<byte[]> frames = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            JobChange change = changes.get(i);
            boolean lastOfItsPosition = i + 1 == changes.size() || changes.get(i + 1).position() != change.position();
            frames.add(change(change, lastOfItsPosition));
        }
        return frames;
    }

    private static byte[] change(JobChange change, boolean withId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        out.writeBytes(bytes(change.isDeletion() ? "event: deleted\n" : "event: job\n"));
        if (withId) {
            out.writeBytes(bytes("id: " + change.position() + "\n"));
        }
        out.writeBytes(bytes("data: "));
        JsonGenerator json = Json.generator(out);
        if (change.isDeletion()) {
            json.writeStartObject();
            json.writeStringProperty("id", change.jobId());
            json.writeEndObject();
        } else {
            RestView.ITEM.write(json, change.job());
        }
        json.close();
        out.writeBytes(bytes("\n\n"));
        return out.toByteArray();
    }

    /** Tells the client to read everything again and to resume from {@code position}. */
    static byte[] reload(long position) {
        return bytes("event: reload\nid: " + position + "\ndata: {}\n\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
