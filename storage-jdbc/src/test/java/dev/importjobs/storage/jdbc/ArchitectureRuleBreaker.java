package dev.importjobs.storage.jdbc;

import dev.importjobs.core.internal.JobIds;
import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.service.ImportJobs;
import java.net.http.HttpClient;
import org.sqlite.SQLiteConnection;

/**
 * Breaks each rule of {@link JdbcArchitectureTest} on purpose, in the shared layer's package, so that test
 * can show every rule fails on a violation. Test code only; nothing uses it.
 */
public final class ArchitectureRuleBreaker {
    ImportJobs useCases;
    InMemoryJobStore memory;
    HttpClient http;
    SQLiteConnection driver;
    JobIds internals;

    private ArchitectureRuleBreaker() {
    }
}
