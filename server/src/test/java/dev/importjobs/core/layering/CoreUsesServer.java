package dev.importjobs.core.layering;

/**
 * A class in core's package tree that uses the server, on purpose, for
 * {@code ServerArchitectureTest}. Test code only; the package belongs to no module.
 */
public final class CoreUsesServer {
    dev.importjobs.server.Main server;

    private CoreUsesServer() {
    }
}
