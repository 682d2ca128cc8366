package dev.importjobs.bench;

import java.io.IOException;
import java.net.URI;

/**
 * How {@link HttpLoad}'s workers send their requests: {@code plain}, a blocking HTTP/1.1 client of our own with a
 * kept-alive connection per worker ({@link PlainHttpClient}), or {@code jdk}, the JDK's client
 * ({@link JdkLoadClient}). The load generator shares the machine's cores with the servers it measures, so what it
 * spends per request is taken from them (docs/benchmarks.md#http-on-loopback).
 */
interface LoadClient extends AutoCloseable {
    /** The names {@code --client} takes. */
    String PLAIN = "plain";
    String JDK = "jdk";

    /** A response's status and body. */
    record Response(int status, String body) {
    }

    /**
     * Sends a request for {@code worker} (a worker sends one at a time) and waits for its whole response: a GET, or a
     * POST of {@code jsonBody} when it is not null.
     */
    Response send(int worker, URI uri, String jsonBody) throws IOException, InterruptedException;

    /**
     * Closes the connections kept so far; a worker's next request opens a new one. Between loops: a connection
     * left idle through a loop of in-process calls may have passed the server's idle timeout.
     */
    void disconnect();

    @Override
    default void close() {
        disconnect();
    }

    /** {@code name} if {@code --client} takes it; else the option's error, naming the value. */
    static String checkName(String name) {
        if (!PLAIN.equals(name) && !JDK.equals(name)) {
            throw new IllegalArgumentException("--client is " + PLAIN + " or " + JDK + "; got " + name);
        }
        return name;
    }

    /** The client {@code --client} names. */
    static LoadClient named(String name) {
        return checkName(name).equals(PLAIN) ? new PlainHttpClient() : new JdkLoadClient();
    }
}
