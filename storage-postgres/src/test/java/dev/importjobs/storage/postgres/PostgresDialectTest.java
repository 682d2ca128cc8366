package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.importjobs.storage.jdbc.SqlFailure;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the dialect reads failures the server really raises, one by one. */
class PostgresDialectTest {
    private static TestDatabase database;
    private static Connection connection;

    @BeforeAll
    static void schema() throws SQLException {
        database = TestPostgres.server().newDatabase();
        database.store().open().close();
        connection = database.connect();
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void aSecondJobWithTheKeyIsADuplicateIdempotencyKey() throws SQLException {
        String insert = "INSERT INTO jobs (id, organization_id, status, created_by_id, file_name, create_fingerprint, "
                + "processed_rows, success_count, insert_count, update_count, skip_count, warning_count, error_count, "
                + "error_report_truncated, created_at, updated_at, version) VALUES ('%s', 'org_1', 'pending', 'u', "
                + "'f.csv', 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)";
        execute(String.format(insert, "000000000000000000000001"));
        execute("UPDATE jobs SET idempotency_key = 'k' WHERE id = '000000000000000000000001'");
        execute(String.format(insert, "000000000000000000000002"));

        assertEquals(SqlFailure.DUPLICATE_IDEMPOTENCY_KEY,
                failure("UPDATE jobs SET idempotency_key = 'k' WHERE id = '000000000000000000000002'"));
        assertEquals(SqlFailure.OTHER, failure(String.format(insert, "000000000000000000000002")),
                "another unique index (the id's) is no idempotency clash");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "serialization_failure, RETRYABLE",
        "deadlock_detected,     RETRYABLE",
        "too_many_connections,  BUSY",
        "cannot_connect_now,    BUSY",
        "admin_shutdown,        BUSY",
        "lock_not_available,    BUSY",
        "disk_full,             OTHER",
        "division_by_zero,      OTHER",
    })
    void theServersConditionsAreReadBySqlState(String condition, SqlFailure expected) throws SQLException {
        assertEquals(expected, failure("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '" + condition + "'; END $$"));
    }

    @Test
    void aRefusedConnectionIsBusy() {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/jobs?connectTimeout=2").close());

        assertEquals(SqlFailure.BUSY, PostgresDialect.INSTANCE.classify(refused));
    }

    @Test
    void aSyntaxErrorIsOther() throws SQLException {
        assertEquals(SqlFailure.OTHER, failure("SELEC 1"));
    }

    private static void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static SqlFailure failure(String sql) {
        SQLException failed = assertThrows(SQLException.class, () -> execute(sql));
        return PostgresDialect.INSTANCE.classify(failed);
    }
}
