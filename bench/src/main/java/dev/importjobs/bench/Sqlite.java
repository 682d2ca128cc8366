package dev.importjobs.bench;

import dev.importjobs.storage.sqlite.SqliteJobStore.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite settings every competitor gets, so that only the code above the driver differs: WAL, and
 * {@code synchronous=FULL} (a commit is on disk before it is acknowledged), as in {@code SqliteJobStore}; or,
 * for chunks with {@code -p durability=process}, {@code synchronous=NORMAL} for every competitor.
 */
final class Sqlite {
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private Sqlite() {
    }

    static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** The store's default durability settings; writes begin {@code IMMEDIATE} when the transaction mode asks for it. */
    static SQLiteConfig durable(boolean immediateTransactions) {
        return durable(immediateTransactions, Durability.POWER_LOSS);
    }

    /** The store's settings for {@code durability}, which sets SQLite's {@code synchronous}. */
    static SQLiteConfig durable(boolean immediateTransactions, Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(durability.synchronous()));
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        if (immediateTransactions) {
            // Spring starts transactions with setAutoCommit(false): make that a BEGIN IMMEDIATE, as our store
            // does, so a read-then-write transaction never fails with SQLITE_BUSY on the upgrade.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        return config;
    }

    static Connection open(Path file, SQLiteConfig config) throws SQLException {
        return DriverManager.getConnection(url(file), config.toProperties());
    }

    /** For seeding only: no fsync per commit, a big page cache. The file is made durable once at the end. */
    static Connection openForSeeding(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setCacheSize(-262_144); // KiB: 256 MiB
        return DriverManager.getConnection(url(file), config.toProperties());
    }
}
