package dev.importjobs.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link TestServer} for each test, closed after it. */
abstract class WithTestServer {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
