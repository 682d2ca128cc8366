package dev.importjobs.storage.postgres.testkit;

import dev.importjobs.storage.postgres.PostgresJobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One test database on {@link TestPostgres}: its URL (credentials may be in it) and the user and password to
 * give beside it, if any.
 */
public record TestDatabase(String url, String user, String password) {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    /** A store over this database, with the credentials set. */
    public PostgresJobStore.Builder store() {
        return PostgresJobStore.builder(url).user(user).password(password);
    }

    /** The URL with the user in it as a parameter, for what takes a URL and a password only (the server's --db). */
    public String urlWithUser() {
        return user == null ? url : url + (url.contains("?") ? "&" : "?") + "user=" + user;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /**
     * The same database seen through a new, empty schema: its connections create and find tables there. Cheaper
     * than a database, so each test of a large suite can have its own.
     */
    public TestDatabase inNewSchema() {
        String schema = "test_" + SCHEMAS.incrementAndGet();
        try (Connection c = connect(); Statement statement = c.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        return new TestDatabase(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }
}
