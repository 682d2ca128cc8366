package dev.importjobs.http;

import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.sql.Connection;

/**
 * Breaks each rule of {@link HttpArchitectureTest} on purpose, in the adapter's package, so that test can
 * show every rule fails on a violation. Test code only; nothing uses it.
 */
final class ArchitectureRuleBreaker {
    Connection sql;
    SqliteJobStore store;
    InMemoryJobStore memory;

    private ArchitectureRuleBreaker() {
    }
}
