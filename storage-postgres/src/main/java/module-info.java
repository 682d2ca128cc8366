/**
 * The Import Jobs {@code JobStore} on PostgreSQL: the shared JDBC store with PostgreSQL's dialect and
 * migrations, for several servers over one database (docs/deployment.md).
 */
module dev.importjobs.storage.postgres {
    requires transitive dev.importjobs.core;
    requires transitive java.sql;
    requires dev.importjobs.storage.jdbc;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;

    exports dev.importjobs.storage.postgres;
}
