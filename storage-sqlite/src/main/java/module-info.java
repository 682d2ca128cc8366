/** The Import Jobs {@code JobStore} on SQLite. */
module dev.importjobs.storage.sqlite {
    requires transitive dev.importjobs.core;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;

    exports dev.importjobs.storage.sqlite;
}
