/**
 * The {@code JobStore} over plain JDBC, shared by the database stores (docs/storage.md#adding-a-store).
 * A store adds only what differs: its {@code Dialect}, its migration scripts and how it runs
 * transactions. This is no API for applications, so it is exported to the stores alone.
 */
@SuppressWarnings("module") // the stores it is exported to are compiled after it
module dev.importjobs.storage.jdbc {
    requires transitive dev.importjobs.core;
    requires transitive java.sql;

    exports dev.importjobs.storage.jdbc to dev.importjobs.storage.sqlite, dev.importjobs.storage.postgres;
}
