package dev.importjobs.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.explore.support.JobExplorerFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JobRepositoryFactoryBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The peer: Spring Batch's JobRepository and JobExplorer on their own schema (the {@code schema-sqlite.sql} or
 * {@code schema-postgresql.sql} spring-batch-core ships), over a pool of connections with the same durability
 * settings as our store. Built programmatically, as a Spring configuration would.
 */
final class SpringBatchDatabase implements AutoCloseable {
    /** The schema version of this peer, for dataset names. */
    static final String KIND = "springbatch-5.2.6";

    /** The databases Spring Batch runs on here: its schema script, its name for the database, its id sequences. */
    enum Flavor {
        SQLITE("sqlite", "SQLITE", null) {
            @Override
            void continueSequences(Statement statement, long after) throws SQLException {
                for (String sequence : SEQUENCES) {
                    statement.execute("INSERT INTO " + sequence + " (ID) VALUES (" + after + ")");
                }
            }
        },
        /**
         * Jobs are created at READ COMMITTED rather than Spring Batch's default SERIALIZABLE, which its reference guide
         * advises when jobs are launched concurrently (as the benchmark's threads do); on SERIALIZABLE concurrent
         * launches fail with serialization errors.
         */
        POSTGRES("postgresql", "POSTGRES", "ISOLATION_READ_COMMITTED") {
            @Override
            void continueSequences(Statement statement, long after) throws SQLException {
                for (String sequence : SEQUENCES) {
                    statement.execute("SELECT setval('" + sequence + "', " + after + ")");
                }
            }
        };

        private static final String[] SEQUENCES = {"BATCH_JOB_SEQ", "BATCH_JOB_EXECUTION_SEQ", "BATCH_STEP_EXECUTION_SEQ"};

        final String script;
        final String databaseType;
        /** The isolation level job creation runs at, or {@code null} for Spring Batch's default. */
        final String isolationForCreate;

        Flavor(String script, String databaseType, String isolationForCreate) {
            this.script = "/org/springframework/batch/core/schema-" + script + ".sql";
            this.databaseType = databaseType;
            this.isolationForCreate = isolationForCreate;
        }

        /** Makes the id sequences hand out ids after {@code after}, the last one seeded. */
        abstract void continueSequences(Statement statement, long after) throws SQLException;
    }

    /**
     * Added to the shipped schema, following Spring Batch's reference guide ("Recommendations for Indexing
     * Metadata Tables"): the lookups its DAOs make by job name, instance and execution. Without them every
     * listing would scan; with them the peer gets its best showing.
     */
    private static final String[] RECOMMENDED_INDEXES = {
        "CREATE INDEX JOB_INST_NAME_IDX ON BATCH_JOB_INSTANCE (JOB_NAME)",
        "CREATE INDEX JOB_EXEC_INST_IDX ON BATCH_JOB_EXECUTION (JOB_INSTANCE_ID)",
        "CREATE INDEX JOB_EXEC_PARAMS_IDX ON BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID)",
        "CREATE INDEX STEP_EXEC_JOB_IDX ON BATCH_STEP_EXECUTION (JOB_EXECUTION_ID, STEP_NAME)",
    };

    /**
     * Spring Batch keeps no per-line errors; an application records skipped lines from a SkipListener into a
     * table of its own, inside the chunk's transaction. This is that table.
     */
    static final String LINE_ERROR_TABLE = "CREATE TABLE IMPORT_LINE_ERROR (STEP_EXECUTION_ID INTEGER NOT NULL, "
            + "LINE INTEGER NOT NULL, SEVERITY TEXT NOT NULL, COLUMN_NAME TEXT, CODE TEXT, MESSAGE TEXT NOT NULL, "
            + "VALUE TEXT)";
    static final String LINE_ERROR_INDEX = "CREATE INDEX IMPORT_LINE_ERROR_STEP ON IMPORT_LINE_ERROR (STEP_EXECUTION_ID)";

    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final TransactionTemplate transactions;
    final JobRepository repository;
    final JobExplorer explorer;

    private SpringBatchDatabase(HikariDataSource dataSource, Flavor flavor) throws Exception {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        JobRepositoryFactoryBean repositoryFactory = new JobRepositoryFactoryBean();
        repositoryFactory.setDataSource(dataSource);
        repositoryFactory.setTransactionManager(transactionManager);
        repositoryFactory.setDatabaseType(flavor.databaseType);
        if (flavor.isolationForCreate != null) {
            repositoryFactory.setIsolationLevelForCreate(flavor.isolationForCreate);
        }
        repositoryFactory.afterPropertiesSet();
        this.repository = repositoryFactory.getObject();
        JobExplorerFactoryBean explorerFactory = new JobExplorerFactoryBean();
        explorerFactory.setDataSource(dataSource);
        explorerFactory.setTransactionManager(transactionManager);
        explorerFactory.afterPropertiesSet();
        this.explorer = explorerFactory.getObject();
    }

    /**
     * Opens the database with a pool of {@code poolSize} connections. For writers, every transaction should
     * begin {@code IMMEDIATE} ({@code immediateTransactions}), and a pool of one lets concurrent chunk commits
     * queue in the pool instead of in SQLite's busy handler (which sleeps): the peer's best configuration for
     * one SQLite file. Readers take deferred transactions and a larger pool.
     */
    static SpringBatchDatabase open(Path file, int poolSize, boolean immediateTransactions) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("springbatch-sqlite");
        pool.setJdbcUrl(Sqlite.url(file));
        pool.setDataSourceProperties(Sqlite.durable(immediateTransactions).toProperties());
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(1);
        return on(new HikariDataSource(pool), Flavor.SQLITE);
    }

    /**
     * A SQLite file for chunks: the schema, and one pooled connection, so concurrent chunk commits queue in the
     * pool rather than in SQLite's sleeping busy handler (the better of the two for a single SQLite file).
     */
    static SpringBatchDatabase forChunks(Path file) throws SQLException {
        try (Connection c = Sqlite.open(file, Sqlite.durable(false))) {
            createSchema(c, Flavor.SQLITE);
        }
        return open(file, 1, true);
    }

    /** Spring Batch on a pool of its own; closing it closes the pool. */
    static SpringBatchDatabase on(HikariDataSource dataSource, Flavor flavor) {
        try {
            return new SpringBatchDatabase(dataSource, flavor);
        } catch (Exception e) {
            dataSource.close();
            throw new IllegalStateException("cannot set up Spring Batch on " + dataSource.getJdbcUrl(), e);
        }
    }

    /** The shipped schema, the recommended indexes and the application's line-error table. */
    static void createSchema(Connection c, Flavor flavor) throws SQLException {
        String script;
        try (InputStream in = JobRepository.class.getResourceAsStream(flavor.script)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement statement = c.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            for (String sql : RECOMMENDED_INDEXES) {
                statement.execute(sql);
            }
            statement.execute(LINE_ERROR_TABLE);
            statement.execute(LINE_ERROR_INDEX);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
