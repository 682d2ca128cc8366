package dev.importjobs.storage.layering;

/**
 * A class in storage's package tree that uses the server, on purpose, for
 * {@code ServerArchitectureTest}. Test code only; the package belongs to no module.
 */
public final class StorageUsesServer {
    dev.importjobs.server.Main server;

    private StorageUsesServer() {
    }
}
