/** Import Jobs over HTTP: both API styles, auth, and the runnable server. */
module dev.importjobs.http {
    // The public API (ImportJobsServer.builder, TokensFileVerifier) speaks in core's types.
    requires transitive dev.importjobs.core;
    requires dev.importjobs.storage.sqlite;
    requires jdk.httpserver;
    requires java.logging;
    requires tools.jackson.jr.ob;
    requires tools.jackson.core;

    exports dev.importjobs.http;
}
