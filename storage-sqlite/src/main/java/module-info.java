/** The Import Jobs {@code JobStore} on SQLite: the shared JDBC store with SQLite's dialect and migrations. */
module dev.importjobs.storage.sqlite {
    requires transitive dev.importjobs.core;
    requires dev.importjobs.storage.jdbc;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;

    exports dev.importjobs.storage.sqlite;
}
