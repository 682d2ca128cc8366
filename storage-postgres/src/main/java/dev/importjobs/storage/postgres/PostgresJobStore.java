package dev.importjobs.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.spi.ForwardingJobStore;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.storage.jdbc.JdbcJobStore;
import dev.importjobs.storage.jdbc.PooledTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PgConnection;

/**
 * The {@link JobStore} on PostgreSQL: the shared JDBC store with PostgreSQL's dialect and migration scripts,
 * run through a pool of connections (docs/storage.md#the-postgresql-store). Several servers may use one
 * database at once; each keeps nothing of its own (docs/deployment.md).
 *
 * <pre>{@code
 * try (PostgresJobStore store = PostgresJobStore.builder("jdbc:postgresql://db:5432/importjobs")
 *         .user("importjobs").password(secret).poolSize(10).open()) { … }
 * }</pre>
 */
public final class PostgresJobStore extends ForwardingJobStore {
    static final String DATABASE = "PostgreSQL";

    private PostgresJobStore(PooledTransactions transactions) {
        super(new JdbcJobStore(PostgresDialect.INSTANCE, transactions));
    }

    /** A store over the database at {@code jdbcUrl} ({@code jdbc:postgresql://host[:port]/database[?…]}). */
    public static Builder builder(String jdbcUrl) {
        return new Builder(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), null);
    }

    /**
     * A store over connections the application pools itself. They must be in auto-commit mode, and the pool the
     * store's own: the store sets each connection's session to {@code READ COMMITTED} when it first meets it
     * (docs/storage.md#the-postgresql-store). The store never closes the data source.
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Settings for a {@link PostgresJobStore}; every one but where the database is has a default. */
    public static final class Builder {
        /** Connections in the pool unless told otherwise. */
        public static final int DEFAULT_POOL_SIZE = 10;
        /** How long a unit of work waits for a free connection before the store reports the database busy. */
        private static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);

        private final String jdbcUrl;
        private final DataSource dataSource;
        private String user;
        private String password;
        private int poolSize = DEFAULT_POOL_SIZE;

        private Builder(String jdbcUrl, DataSource dataSource) {
            this.jdbcUrl = jdbcUrl;
            this.dataSource = dataSource;
        }

        /** The user to connect as, unless the URL names one. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The user's password, unless the URL carries one. It is never written into a message. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * The most connections the store opens (default {@value #DEFAULT_POOL_SIZE}), shared by reads and writes;
         * it is also the most units of work that run in the database at once. Ignored with a data source.
         */
        public Builder poolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * Connects, creates the schema in an empty database or migrates an older one, and refuses a newer one.
         * Several servers may open one database at once: one migrates, the others wait for it.
         *
         * @throws StoreException with a one-line message (the password never in it) when the database cannot be
         *                        reached or used
         */
        public PostgresJobStore open() {
            String where = jdbcUrl == null ? "the given data source" : JdbcUrls.describe(jdbcUrl);
            try {
                DataSource connections = dataSource == null ? driver() : dataSource;
                // One connection first, outside any pool: an unreachable database or a refused schema is one
                // clear failure here, before a pool starts and logs its own.
                try (Connection connection = connections.getConnection()) {
                    PostgresDialect.MIGRATIONS.migrate(connection, PostgresDialect.INSTANCE);
                }
                if (dataSource != null) {
                    return new PostgresJobStore(new PooledTransactions(DATABASE, dataSource, PostgresDialect.INSTANCE,
                            PgConnection.class, broken -> { }, null));
                }
                HikariDataSource pool = new HikariDataSource(poolConfig(connections));
                return new PostgresJobStore(new PooledTransactions(DATABASE, pool, PostgresDialect.INSTANCE,
                        PgConnection.class, pool::evictConnection, pool));
            } catch (SQLException | RuntimeException e) {
                if (e instanceof StoreException refused && e.getCause() == null) {
                    throw refused; // the migration runner's own one-line refusal
                }
                String urlPassword = jdbcUrl == null ? null : JdbcUrls.password(jdbcUrl);
                throw new StoreException("cannot open the " + DATABASE + " database at " + where + ": "
                        + JdbcUrls.hide(reason(e), password, urlPassword), e);
            }
        }

        /** The driver's own data source for the URL and credentials: no DriverManager, whose messages echo URLs. */
        private DataSource driver() {
            JdbcUrls.check(jdbcUrl);
            PGSimpleDataSource driver = new PGSimpleDataSource();
            driver.setURL(jdbcUrl);
            if (user != null) {
                driver.setUser(user);
            }
            if (password != null) {
                driver.setPassword(password);
            }
            if (!JdbcUrls.namesApplication(jdbcUrl)) {
                driver.setApplicationName("importjobs"); // how the connections show in pg_stat_activity
            }
            return driver;
        }

        private HikariConfig poolConfig(DataSource driver) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("importjobs-postgres");
            config.setDataSource(driver);
            config.setMaximumPoolSize(poolSize);
            // Connections are opened as work needs them (up to the pool size) and closed after idling: a quiet
            // server holds one.
            config.setMinimumIdle(1);
            config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
            // The database was just reached; should it be gone again, the pool starts anyway and each unit of
            // work reports the database unreachable (and /healthz says so) until it is back.
            config.setInitializationFailTimeout(-1);
            config.setAutoCommit(true);
            return config;
        }

        /**
         * The driver's own words, first line: the first {@link SQLException} among the causes ("Connection to
         * db:5432 refused…", "FATAL: password authentication failed…"), else the failure's.
         */
        private static String reason(Exception e) {
            Throwable said = e;
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException) {
                    said = cause;
                    break;
                }
            }
            String message = said.getMessage();
            if (message == null || message.isBlank()) {
                return said.getClass().getSimpleName();
            }
            return message.lines().findFirst().orElse(message);
        }
    }
}
