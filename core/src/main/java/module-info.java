/**
 * Import Jobs core: the job domain, its rules, the ports a store and a token verifier implement, and
 * the use cases. Depends on nothing but {@code java.base}.
 */
module dev.importjobs.core {
    exports dev.importjobs.core.auth;
    exports dev.importjobs.core.error;
    exports dev.importjobs.core.memory;
    exports dev.importjobs.core.model;
    exports dev.importjobs.core.port;
    exports dev.importjobs.core.query;
    exports dev.importjobs.core.service;
}
