/**
 * Import Jobs core: the job domain, its rules and the use cases. Depends on nothing but {@code java.base}.
 *
 * <p>What an embedding application uses is exported: the model, the commands and results of the use
 * cases with their entry point {@code ImportJobs}, queries and pages, errors, auth, and an in-memory
 * store for its tests. What a store implements is the {@code spi} package. How core does its work (ids,
 * cursors, the config JSON) is not exported; the shared JDBC store reads and writes the config JSON
 * with core's own code, so that one package is exported to it alone.
 */
module dev.importjobs.core {
    exports dev.importjobs.core.auth;
    exports dev.importjobs.core.error;
    exports dev.importjobs.core.memory;
    exports dev.importjobs.core.model;
    exports dev.importjobs.core.query;
    exports dev.importjobs.core.service;
    exports dev.importjobs.core.spi;
    exports dev.importjobs.core.internal to dev.importjobs.storage.jdbc;
}
