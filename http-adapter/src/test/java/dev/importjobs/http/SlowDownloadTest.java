package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.RecordChunkCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that open a large {@code errors.csv} download and stop reading, more of them than the store has
 * read connections (4): the store reads a download in short batches and writes each to the client outside
 * any transaction, so the stalled downloads hold no connection and no snapshot. Every other request is
 * answered promptly, and the WAL stays small while writes go on (docs/storage.md#concurrency).
 */
class SlowDownloadTest {
    /** More than the read pool's 4 connections. */
    private static final int STALLED = 6;
    private static final int LINES = 20_000;
    private static final int LINES_PER_CHUNK = 500;
    /** Far below the 30 s a request waits for a pooled connection before failing. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /** Commits made while the downloads are stalled: each adds a few pages to the WAL. */
    private static final int WRITES_WHILE_STALLED = 400;
    /** The WAL's bound: SQLite checkpoints at 1,000 pages (about 4 MiB) and the store cuts it back to that. */
    private static final long WAL_BOUND = 6L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void stalledDownloadsHoldNoConnectionSoOtherRequestsAreAnsweredAndTheWalStaysSmall() throws Exception {
        try (TestServer server = TestServer.options().maxErrorsPerJob(LINES).start(dir)) {
            String big = server.newJobB().get("id").toString();
            String message = "m".repeat(400);
            for (int chunk = 0; chunk < LINES / LINES_PER_CHUNK; chunk++) {
                List<LineError> errors = new ArrayList<>();
                for (int i = 1; i <= LINES_PER_CHUNK; i++) {
                    errors.add(LineError.error(chunk * LINES_PER_CHUNK + i, message));
                }
                server.jobs.recordChunk(RecordChunkCommand.builder(TestServer.ORG, big).chunkIndex(chunk)
                        .rows((long) LINES_PER_CHUNK).errorCount((long) LINES_PER_CHUNK).errors(errors).build());
            }
            String other = server.newJobB().get("id").toString();

            List<Socket> downloads = new ArrayList<>();
            try {
                for (int i = 0; i < STALLED; i++) {
                    downloads.add(startDownload(server, big));
                }

                for (int chunk = 0; chunk < WRITES_WHILE_STALLED; chunk++) {
                    server.jobs.recordChunk(RecordChunkCommand.builder(TestServer.ORG, other).chunkIndex(chunk)
                            .rows(1L).errorCount(1L).errors(List.of(LineError.error(chunk + 1, message))).build());
                }
                long wal = Files.size(dir.resolve("jobs.db-wal"));
                assertTrue(wal <= WAL_BOUND, "the WAL is " + wal + " bytes after " + WRITES_WHILE_STALLED
                        + " commits beside " + STALLED + " stalled downloads");

                promptly(server, TestServer.JOBS + "/" + big).okB(200);
                promptly(server, TestServer.JOBS + "?limit=10").okB(200);
                promptly(server, TestServer.JOBS + "/" + other + "/errors?limit=10").okB(200);
                assertEquals(200, promptly(server, "/healthz").status);

                for (Socket download : downloads) {
                    String csv = readToTheEnd(download);
                    String[] rows = csv.split("\r\n");
                    assertEquals(LINES + 1, rows.length, "a header and every line, once");
                    assertEquals(LINES + ",error,,," + message + ",", rows[LINES]);
                }
            } finally {
                for (Socket download : downloads) {
                    download.close();
                }
            }
        }
    }

    /** Asks for the CSV with a small receive window and reads only the answer's head: then stops reading. */
    private static Socket startDownload(TestServer server, String id) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) PROMPTLY.toMillis());
        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        socket.getOutputStream().write(("GET " + TestServer.JOBS + "/" + id + "/errors.csv HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = TestServer.head(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked"), head);
        return socket;
    }

    /** The rest of a chunked body, decoded. */
    private static String readToTheEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in), 16);
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the download ended early");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static TestServer.Reply promptly(TestServer server, String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.base + path)).timeout(PROMPTLY).build());
    }
}
