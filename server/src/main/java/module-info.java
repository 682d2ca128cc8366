/**
 * The runnable Import Jobs server: {@code java -jar importjobs-server.jar}. It reads the command line,
 * opens the store {@code --db} names and serves it with the HTTP adapter; nothing depends on it.
 */
module dev.importjobs.server {
    requires dev.importjobs.http;
    requires dev.importjobs.storage.sqlite;
    requires dev.importjobs.storage.postgres;
    requires java.logging;
}
