package dev.importjobs.server;

import dev.importjobs.storage.sqlite.SqliteJobStore;

/** Names a store outside {@link StoreKind}, on purpose, for {@link ServerArchitectureTest}. Test code only. */
final class StoreRuleBreaker {
    SqliteJobStore store;

    private StoreRuleBreaker() {
    }
}
