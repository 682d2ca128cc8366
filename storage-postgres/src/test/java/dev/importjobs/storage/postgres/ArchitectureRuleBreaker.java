package dev.importjobs.storage.postgres;

import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.service.ImportJobs;
import java.net.http.HttpClient;

/**
 * Breaks each rule of {@link PostgresArchitectureTest} on purpose, in the store's package, so that test can
 * show every rule fails on a violation. Test code only; nothing uses it.
 */
public final class ArchitectureRuleBreaker {
    ImportJobs useCases;
    InMemoryJobStore memory;
    HttpClient http;

    private ArchitectureRuleBreaker() {
    }
}
