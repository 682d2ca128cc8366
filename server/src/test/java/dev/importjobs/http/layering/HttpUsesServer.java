package dev.importjobs.http.layering;

/**
 * A class in http's package tree that uses the server, on purpose, for
 * {@code ServerArchitectureTest}. Test code only; the package belongs to no module.
 */
public final class HttpUsesServer {
    dev.importjobs.server.Main server;

    private HttpUsesServer() {
    }
}
