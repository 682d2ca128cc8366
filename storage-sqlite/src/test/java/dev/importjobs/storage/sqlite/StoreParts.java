package dev.importjobs.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.storage.jdbc.JdbcJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * A SQLite store put together from its parts, as {@link SqliteJobStore.Builder#open} does, so that a test
 * reaches the writer's connection: to make SQLite refuse its writes, or to count its commits with SQLite's
 * own commit hook.
 *
 * @param writer       the connection every write goes through
 * @param transactions the store's transactions, which batch the writes
 * @param store        the store; closing it closes the writer too
 */
record StoreParts(Connection writer, SqliteTransactions transactions, JdbcJobStore store) {

    static StoreParts open(Path file, SqliteJobStore.Durability durability) throws SQLException {
        String url = "jdbc:sqlite:" + file;
        Properties settings = SqliteJobStore.config(Duration.ofSeconds(1), SQLiteConfig.JournalMode.WAL, durability)
                .toProperties();
        Connection writer = DriverManager.getConnection(url, settings);
        SqliteDialect.MIGRATIONS.migrate(writer, SqliteDialect.INSTANCE);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setDataSourceProperties(settings);
        pool.setMaximumPoolSize(4);
        SqliteTransactions transactions = new SqliteTransactions(writer, new HikariDataSource(pool));
        return new StoreParts(writer, transactions, new JdbcJobStore(SqliteDialect.INSTANCE, transactions));
    }

    /** Counts the writer's commits from now on, with SQLite's own commit hook: what a batch really commits. */
    AtomicLong countCommits() throws SQLException {
        AtomicLong commits = new AtomicLong();
        writer.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
            @Override
            public void onCommit() {
                commits.incrementAndGet();
            }

            @Override
            public void onRollback() {
                // Only commits are counted.
            }
        });
        return commits;
    }
}
