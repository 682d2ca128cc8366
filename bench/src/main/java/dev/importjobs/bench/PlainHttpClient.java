package dev.importjobs.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least HTTP/1.1 client a closed loop needs: each worker has one kept-alive socket per server (Nagle off),
 * writes its request in one piece and reads the response's status, headers and body — by {@code Content-Length},
 * chunked, or up to the end of a connection the server closes — after any interim (1xx) responses. A request
 * carries a {@code Host}, and for a POST its type and length: what the servers read of the JDK client's requests
 * (it sends no {@code User-Agent}). No pooling, redirects, compression or HTTP/2, so it spends a fraction of the
 * JDK client's CPU per request, which on a small machine is CPU taken from the servers measured.
 */
final class PlainHttpClient implements LoadClient {
    /** How long a worker waits for a server that stops answering before its request fails. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private record Target(int worker, String host, int port) {
    }

    private final Map<Target, Connection> connections = new ConcurrentHashMap<>();

    @Override
    public Response send(int worker, URI uri, String jsonBody) throws IOException {
        Target target = new Target(worker, uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        Connection connection = connections.get(target);
        if (connection == null) {
            connection = new Connection(target);
            connections.put(target, connection);
        }
        try {
            Connection.Exchange exchange = connection.exchange(uri, jsonBody);
            if (exchange.closes()) {
                connections.remove(target).close();
            }
            return exchange.response();
        } catch (IOException | RuntimeException e) {
            connections.remove(target);
            connection.close();
            throw e;
        }
    }

    @Override
    public void disconnect() {
        connections.values().removeIf(connection -> {
            connection.close();
            return true;
        });
    }

    @Override
    public String toString() {
        return "plain HTTP/1.1 client";
    }

    /** One worker's connection to one server. */
    private static final class Connection {
        private record Exchange(Response response, boolean closes) {
        }

        private final Socket socket;
        private final String host;
        private final OutputStream out;
        private final InputStream in;

        Connection(Target target) throws IOException {
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                socket.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            host = target.host() + ":" + target.port();
            out = new BufferedOutputStream(socket.getOutputStream(), 8_192);
            in = new BufferedInputStream(socket.getInputStream(), 65_536);
        }

        Exchange exchange(URI uri, String jsonBody) throws IOException {
            String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(160).append(body == null ? "GET " : "POST ").append(target)
                    .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read();
        }

        private Exchange read() throws IOException {
            String statusLine = line();
            int status = status(statusLine);
            while (status / 100 == 1) {
                // An interim response (100 Continue, 103 Early Hints): fields only, the final one follows.
                skipFields();
                statusLine = line();
                status = status(statusLine);
            }
            long length = -1;
            String coding = null;
            boolean closes = statusLine.startsWith("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> coding = value;
                    case "connection" -> {
                        List<String> options = Arrays.stream(value.split(",")).map(String::trim).toList();
                        closes = options.contains("close") || closes && !options.contains("keep-alive");
                    }
                    default -> {
                        // other headers do not change how the body is read
                    }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (status == 204 || status == 304) {
                // no body, whatever the headers say (RFC 9112, 6.3)
            } else if (coding != null && coding.endsWith("chunked")) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    copy(size, body);
                    line();
                }
                skipFields(); // the trailers
            } else if (length >= 0 && coding == null) {
                copy(length, body);
            } else {
                // no length, or a transfer coding that is not chunked: the body ends with the connection
                in.transferTo(body);
                closes = true;
            }
            return new Exchange(new Response(status, body.toString(StandardCharsets.UTF_8)), closes);
        }

        private static int status(String statusLine) throws IOException {
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        /** Reads header (or trailer) fields up to the empty line that ends them, unused. */
        private void skipFields() throws IOException {
            while (!line().isEmpty()) {
                // a field that does not change how the response is read
            }
        }

        private long chunkSize() throws IOException {
            String line = line();
            int extension = line.indexOf(';');
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        }

        private void copy(long length, ByteArrayOutputStream body) throws IOException {
            byte[] buffer = new byte[(int) Math.min(length, 8_192)];
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
                if (read < 0) {
                    throw new EOFException("the connection ended " + left + " bytes before the body's end");
                }
                body.write(buffer, 0, read);
                left -= read;
            }
        }

        /** A line of the head, without its CRLF (ISO-8859-1, as HTTP/1.1 heads are read). */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the connection ended in a response's head");
                }
                line.append((char) b);
            }
            int end = line.length();
            return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection of a finished loop: nothing to do about it
            }
        }
    }
}
