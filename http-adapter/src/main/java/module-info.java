/**
 * Import Jobs over HTTP: both API styles and auth, served by {@code ImportJobsServer} on any
 * {@code JobStore}. It knows no store: the runnable server ({@code dev.importjobs.server}) picks one.
 */
module dev.importjobs.http {
    // The public API (ImportJobsServer.builder, TokensFileVerifier) speaks in core's types.
    requires transitive dev.importjobs.core;
    requires jdk.httpserver;
    // The file-descriptor limit, which the connection cap must fit in.
    requires jdk.management;
    requires tools.jackson.jr.ob;
    requires tools.jackson.core;

    exports dev.importjobs.http;
    exports dev.importjobs.http.names to dev.importjobs.server;
}
