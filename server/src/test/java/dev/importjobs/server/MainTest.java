package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.http.AuthMode;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.http.TokensFileVerifier;
import dev.importjobs.server.CommandLine.Command;
import dev.importjobs.server.CommandLine.Serve;
import dev.importjobs.server.CommandLine.UsageException;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    private static final String CREATE = "{\"namespace\":\"serviceImportJobs\",\"apiName\":\"create\",\"data\":"
            + "{\"organizationId\":\"org_123\",\"createdByStackUserId\":\"u1\",\"status\":\"ACTIVE\","
            + "\"fileName\":\"a.csv\",\"idempotencyKey\":\"k1\"}}";
    /** A job's path in style B, but for its id. */
    private static final String JOB = "/v1/organizations/org_123/bulk-tasks/";
    /** The forms --db takes, as the usage errors name them. */
    private static final String FORMS = "FILE (a SQLite database file) or jdbc:postgresql://HOST[:PORT]/DATABASE "
            + "(a PostgreSQL database)";
    private static final ServerOptions DEFAULTS = new ServerOptions("127.0.0.1", 8080, StoreKind.SQLITE,
            "./importjobs.db", null, null, Durability.POWER_LOSS, AuthMode.OPTIONAL, null, 1_048_576, 1000, 4000, null, Duration.ofMinutes(15),
            null);

    @TempDir
    Path dir;

    // ---- parsing

    @Test
    void everyOptionHasItsDocumentedDefault() throws Exception {
        assertEquals(DEFAULTS, options());
    }

    @Test
    void everyOptionIsReadAsTwoArgumentsOrWithAnEqualsSign() throws Exception {
        ServerOptions expected = new ServerOptions("0.0.0.0", 9090, StoreKind.SQLITE, "/data/jobs.db", 6, null,
                Durability.PROCESS, AuthMode.REQUIRED, Path.of("/etc/tokens.json"), 2048, 50, 64, Level.FINE,
                Duration.ofSeconds(90), Duration.ofDays(7));

        assertEquals(expected, options("--host", "0.0.0.0", "--port", "9090", "--db", "/data/jobs.db",
                "--db-pool-size", "6", "--durability", "process", "--auth", "required", "--tokens", "/etc/tokens.json",
                "--max-body-bytes", "2048", "--max-errors-per-job", "50", "--threads", "64", "--log-level", "debug",
                "--stall-after", "90s", "--retention", "7d"));
        assertEquals(expected, options("--host=0.0.0.0", "--port=9090", "--db=/data/jobs.db", "--db-pool-size=6",
                "--durability=Process", "--auth=required", "--tokens=/etc/tokens.json", "--max-body-bytes=2048",
                "--max-errors-per-job=50", "--threads=64", "--log-level=DEBUG", "--stall-after=90s", "--retention=7d"));
    }

    @Test
    void everyOptionIsAlsoAnEnvironmentVariable() throws Exception {
        Map<String, String> env = Map.ofEntries(Map.entry("IMPORTJOBS_HOST", "::1"), Map.entry("IMPORTJOBS_PORT", "0"),
                Map.entry("IMPORTJOBS_DB", "x.db"), Map.entry("IMPORTJOBS_DB_POOL_SIZE", "2"),
                Map.entry("IMPORTJOBS_DB_PASSWORD", "pw"), Map.entry("IMPORTJOBS_AUTH", "off"),
                Map.entry("IMPORTJOBS_TOKENS", "t.json"), Map.entry("IMPORTJOBS_MAX_BODY_BYTES", "10"),
                Map.entry("IMPORTJOBS_MAX_ERRORS_PER_JOB", "0"), Map.entry("IMPORTJOBS_THREADS", "1"),
                Map.entry("IMPORTJOBS_LOG_LEVEL", "warning"), Map.entry("IMPORTJOBS_DURABILITY", "process"),
                Map.entry("IMPORTJOBS_STALL_AFTER", "2h"), Map.entry("IMPORTJOBS_RETENTION", "30m"));

        assertEquals(new ServerOptions("::1", 0, StoreKind.SQLITE, "x.db", 2, "pw", Durability.PROCESS, AuthMode.OFF,
                Path.of("t.json"), 10, 0, 1, Level.WARNING, Duration.ofHours(2), Duration.ofMinutes(30)), options(env));
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentAndAnEmptyVariableIsUnset() throws Exception {
        Map<String, String> env = Map.of("IMPORTJOBS_PORT", "1234", "IMPORTJOBS_THREADS", "8",
                "IMPORTJOBS_DB", "", "IMPORTJOBS_AUTH", "");

        ServerOptions options = options(env, "--port", "4321");

        assertEquals(4321, options.port());
        assertEquals(8, options.threads());
        assertEquals(DEFAULTS.db(), options.db());
        assertEquals(AuthMode.OPTIONAL, options.auth());
    }

    @Test
    void durationsTakeSecondsMinutesHoursOrDaysAndRetentionMayBeOff() throws Exception {
        assertEquals(Duration.ofSeconds(1), options("--stall-after", "1s").stallAfter());
        assertEquals(Duration.ofHours(12), options("--retention", "12h").retention());
        assertEquals(Duration.ofDays(3650), options("--retention", "3650d").retention());
        assertEquals(null, options("--retention", "off").retention());
        assertEquals(null, options(Map.of("IMPORTJOBS_RETENTION", "7d"), "--retention", "off").retention());
    }

    @Test
    void authModesReadInAnyCase() throws Exception {
        assertEquals(AuthMode.OFF, options("--auth", "OFF").auth());
        assertEquals(AuthMode.REQUIRED, options("--auth=Required", "--tokens", "t.json").auth());
    }

    @Test
    void helpAndVersionWinOverTheRest() throws Exception {
        assertEquals(new CommandLine.Help(), CommandLine.parse(new String[] {"--port", "1", "--help"}, Map.of()));
        assertEquals(new CommandLine.Version(), CommandLine.parse(new String[] {"--version", "--nonsense"}, Map.of()));
        assertEquals(new CommandLine.HashToken("--port"), CommandLine.parse(new String[] {"hash-token", "--port"}, Map.of()));
    }

    // ---- running: what a user sees

    @Test
    void helpListsEveryOptionWithItsVariableAndDefault() {
        Result result = run("--help");

        assertEquals(0, result.code);
        assertEquals("", result.err);
        for (CommandLine.Option option : CommandLine.Option.values()) {
            assertTrue(result.out.contains(option.flag() + " " + option.placeholder), option.flag());
            assertTrue(result.out.contains(option.variable()), option.variable());
        }
        assertTrue(result.out.contains("IMPORTJOBS_PORT, default 8080"), result.out);
        assertTrue(result.out.contains("hash-token <token>"), result.out);
    }

    @Test
    void versionFallsBackToDevOutsideTheJar() {
        Result result = run("--version");

        assertEquals(0, result.code);
        assertEquals("importjobs dev\n", result.out);
    }

    @Test
    void hashTokenPrintsTheSha256InLowercaseHex() {
        Result result = run("hash-token", "abc");

        assertEquals(0, result.code);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n", result.out);
        assertEquals("", result.err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--port 70000                 | --port must be an integer 0..65535, not '70000'",
        "--port=-1                    | --port must be an integer 0..65535, not '-1'",
        "--port eighty                | --port must be an integer 0..65535, not 'eighty'",
        "--port=                      | --port must be an integer 0..65535, not ''",
        "--threads 0                  | --threads must be an integer 1..10000, not '0'",
        "--max-body-bytes 1e6         | --max-body-bytes must be an integer 1..1073741824, not '1e6'",
        "--max-errors-per-job -1      | --max-errors-per-job must be an integer 0..2147483647, not '-1'",
        "--auth maybe                 | --auth must be off, optional or required, not 'maybe'",
        "--auth required              | --auth required needs --tokens FILE (or IMPORTJOBS_TOKENS)",
        "--host=                      | --host must not be empty",
        "--db=                        | --db must not be empty",
        "--tokens=                    | --tokens must not be empty",
        "--db jdbc:mysql://db/jobs    | --db takes " + FORMS + ", not a jdbc:mysql URL",
        "--db=jdbc:sqlite:jobs.db     | --db takes " + FORMS + ", not a jdbc:sqlite URL",
        "--db jdbc:                   | --db takes " + FORMS + ", not a jdbc: URL",
        "--db-pool-size 0             | --db-pool-size must be an integer 1..1000, not '0'",
        "--nonsense                   | unknown option --nonsense",
        "--prot 80                    | unknown option --prot; did you mean --port?",
        "-p 80                        | unexpected argument '-p'",
        "--port                       | --port needs a value (PORT)",
        "--db --port 1                | --db needs a value (FILE|URL)",
        "--port 1 --port=2            | --port is given more than once",
        "serve                        | unexpected argument 'serve'",
        "--port 1 hash-token abc      | unexpected argument 'hash-token' (hash-token must come first)",
        "hash-token                   | hash-token takes exactly one argument, the token",
        "hash-token a b               | hash-token takes exactly one argument, the token",
        "--help=yes                   | --help takes no value",
        "--retention 7                | --retention must be off or a whole number of seconds, minutes, hours or days from 1s to 3650d, such as 90s, 15m, 2h or 7d, not '7'",
        "--retention 0d               | --retention must be off or a whole number of seconds, minutes, hours or days",
        "--retention 3651d            | --retention must be off or a whole number of seconds, minutes, hours or days",
        "--retention 1w               | --retention must be off or a whole number of seconds, minutes, hours or days",
        "--retention -1d              | --retention must be off or a whole number of seconds, minutes, hours or days",
        "--retention=-1d              | --retention must be off or a whole number of seconds, minutes, hours or days",
        "--retention 7D               | --retention must be off or a whole number of seconds, minutes, hours or days",
        "--stall-after off            | --stall-after must be a whole number of seconds, minutes, hours or days from 1s to 3650d, such as 90s, 15m, 2h or 7d, not 'off'",
        "--stall-after 15min          | --stall-after must be a whole number of seconds, minutes, hours or days",
        "--stall-after=               | --stall-after must be a whole number of seconds, minutes, hours or days",
        "--log-level loud             | --log-level must be error, warning, info, debug or trace, not 'loud'",
        "--durability fsync           | --durability must be power-loss or process, not 'fsync'",
        "--db jdbc:postgresql://db/jobs --durability process | --durability process applies to a SQLite file only; "
                + "a database server keeps the durability its own settings give",
    })
    void aBadCommandLineExitsWithTwoAndOneLine(String args, String message) {
        Result result = run(args.split(" "));

        assertUsageError(result, message);
    }

    @Test
    void aBadEnvironmentVariableIsNamedAsSuch() {
        assertUsageError(run(Map.of("IMPORTJOBS_PORT", "http"), "--db", "x.db"),
                "IMPORTJOBS_PORT must be an integer 0..65535, not 'http'");
        assertUsageError(run(Map.of("IMPORTJOBS_AUTH", "required")),
                "--auth required needs --tokens FILE");
        assertUsageError(run(Map.of("IMPORTJOBS_DB", "jdbc:oracle:thin:@db:1521/jobs")),
                "IMPORTJOBS_DB takes " + FORMS + ", not a jdbc:oracle URL");
    }

    /** A URL may carry a password: the message names the kind of database, never the rest. */
    @Test
    void anUnsupportedJdbcUrlIsNamedByItsKindOnly() {
        Result result = run("--db", "jdbc:mysql://importer:s3cret@db/jobs");

        assertUsageError(result, "--db takes " + FORMS + ", not a jdbc:mysql URL");
        assertFalse(result.err.contains("s3cret"), result.err);
    }

    /** A database in a folder that does not exist yet is made there, folders and all (docs/server.md#the-database). */
    @Test
    void aDatabaseInAMissingDirectoryIsCreatedWithTheDirectory() {
        Path db = dir.resolve("no-such-dir").resolve("jobs.db");
        Main.Running running = Main.start(new ServerOptions("127.0.0.1", 0, StoreKind.SQLITE, db.toString(), null,
                null, Durability.POWER_LOSS, AuthMode.OPTIONAL, null, 1_048_576, 1000, 4, null, Duration.ofMinutes(15), null));
        running.stop();

        assertTrue(Files.isRegularFile(db), "the database and its folder are made");
    }

    @Test
    void aDatabaseWhoseDirectoryCannotBeMadeExitsWithOneAndSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file");
        Path db = file.resolve("jobs.db");

        assertStartFailure(run("--port", "0", "--db", db.toString()),
                "cannot open " + db.toAbsolutePath() + ": " + file.toAbsolutePath() + " is a file, not a directory");
    }

    @Test
    void aDirectoryAsTheDatabaseExitsWithOneAndSaysWhatToGive() {
        assertStartFailure(run("--port", "0", "--db", dir.toString()),
                "cannot open " + dir.toAbsolutePath() + ": it is a directory; name a file in it, such as "
                        + dir.toAbsolutePath().resolve("importjobs.db"));
    }

    @Test
    void aFileThatIsNotADatabaseExitsWithOne() throws Exception {
        Path db = Files.writeString(dir.resolve("notes.db"), "these are my notes, not a database\n".repeat(200));

        assertStartFailure(run("--port", "0", "--db", db.toString()), "cannot open " + db.toAbsolutePath()
                + ": it is not a SQLite database; move it away or choose another path");
        assertEquals("these are my notes, not a database\n".repeat(200), Files.readString(db));
    }

    @Test
    void aDatabaseOfANewerVersionExitsWithOne() throws Exception {
        Path db = dir.resolve("future.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
        }

        assertStartFailure(run("--port", "0", "--db", db.toString()), "the database has schema version 99, newer than");
    }

    @Test
    void aMissingOrInvalidTokensFileExitsWithOneBeforeTouchingTheDatabase() throws Exception {
        Path db = dir.resolve("jobs.db");
        Path missing = dir.resolve("missing.json");
        Path invalid = Files.writeString(dir.resolve("tokens.json"), "{\"tokens\":[{\"sha256\":\"abc\"}]}");

        assertStartFailure(run("--port", "0", "--db", db.toString(), "--auth", "required", "--tokens", missing.toString()),
                "cannot read tokens file " + missing + ": no such file");
        assertStartFailure(run("--port", "0", "--db", db.toString(), "--tokens", invalid.toString()),
                "tokens file " + invalid + ": tokens[0].sha256 must be 64 hex digits");
        assertFalse(Files.exists(db), "no database file is created when the tokens file is bad");
    }

    @Test
    void aPortInUseExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertStartFailure(run("--port", String.valueOf(port), "--db", dir.resolve("jobs.db").toString()),
                    "cannot listen on 127.0.0.1:" + port + ": ");
        }
    }

    @Test
    void anUnknownHostExitsWithOne() {
        assertStartFailure(run("--host", "no-such-host.invalid", "--port", "0", "--db", dir.resolve("jobs.db").toString()),
                "cannot listen on no-such-host.invalid:0: unknown host");
    }

    @Test
    void aPostgresUrlPicksThePostgresStoreWithThePasswordFromTheEnvironmentNeverShown() throws Exception {
        ServerOptions options = options(Map.of("IMPORTJOBS_DB_PASSWORD", "s3cret-env"), "--db",
                "jdbc:postgresql://db:5432/jobs?user=importer&password=s3cret-url", "--db-pool-size", "20");

        assertEquals(StoreKind.POSTGRES, options.store());
        assertEquals("s3cret-env", options.dbPassword());
        assertEquals(20, options.dbPoolSize());
        assertFalse(options.toString().contains("s3cret"), options.toString());
        assertTrue(options.toString().contains("db=PostgreSQL database jdbc:postgresql://db:5432/jobs,"),
                options.toString());
        assertEquals("PostgreSQL database jdbc:postgresql://db:5432/jobs",
                StoreKind.POSTGRES.describe("jdbc:postgresql://importer:s3cret@db:5432/jobs?ssl=true"));
    }

    @Test
    void anUnreachablePostgresExitsWithOneAndOneLineWithoutThePassword() {
        Result result = run(Map.of("IMPORTJOBS_DB_PASSWORD", "s3cret-env"), "--port", "0", "--db",
                "jdbc:postgresql://127.0.0.1:1/jobs?password=s3cret-url&connectTimeout=5");

        assertStartFailure(result, "cannot open the PostgreSQL database at 127.0.0.1:1/jobs: ");
        assertFalse(result.err.contains("s3cret"), result.err);
    }

    // ---- wiring: the options reach the server and the store

    @Test
    void startServesTheDatabaseWithTheGivenSettings() throws Exception {
        Path db = dir.resolve("jobs.db");
        Path tokens = Files.writeString(dir.resolve("tokens.json"), """
                {"tokens": [{"sha256": "%s", "subject": "importer", "organizations": ["org_123"], "permissions": ["*"]}]}
                """.formatted(TokensFileVerifier.hash("secret")));
        Main.Running running = Main.start(new ServerOptions("127.0.0.1", 0, StoreKind.SQLITE, db.toString(), null,
                null, Durability.POWER_LOSS, AuthMode.REQUIRED, tokens, 300, 1000, 4, null, Duration.ofMinutes(15), null));
        HttpClient client = HttpClient.newHttpClient();
        try {
            assertTrue(running.server().baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), running.server().baseUrl());
            assertEquals(401, post(client, running, CREATE, null).statusCode());
            assertEquals(200, post(client, running, CREATE, "secret").statusCode());
            assertEquals(413, post(client, running, CREATE + " ".repeat(300), "secret").statusCode());
        } finally {
            running.stop();
        }

        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            assertEquals(1, ImportJobs.builder(store).build().list(ListJobsQuery.firstPage("org_123")).items().size());
        }
        assertFalse(Files.exists(Path.of(db + "-wal")), "closing checkpoints the WAL and removes it");
    }

    /** On PostgreSQL: the store opens with the pool size given, and /healthz answers for the database itself. */
    @Test
    void startServesAPostgresDatabaseAndHealthzFailsWhenTheDatabaseIsGone() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        Main.Running running = Main.start(new ServerOptions("127.0.0.1", 0, StoreKind.POSTGRES, database.urlWithUser(), 3,
                database.password(), Durability.POWER_LOSS, AuthMode.OFF, null, 1_048_576, 1000, 4, null, Duration.ofMinutes(15), null));
        HttpClient client = HttpClient.newHttpClient();
        try {
            assertEquals(200, post(client, running, CREATE, null).statusCode());
            assertEquals(200, get(client, running, "/healthz").statusCode());
            try (Connection c = database.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND application_name = 'importjobs'")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 1 && rs.getInt(1) <= 3, "at most --db-pool-size connections: " + rs.getInt(1));
            }

            try (Connection c = TestPostgres.server().newDatabase().connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + database.url().replaceAll(".*/([^/?]+).*", "$1") + " WITH (FORCE)");
            }

            HttpResponse<String> health = get(client, running, "/healthz");
            assertEquals(503, health.statusCode(), health.body());
        } finally {
            running.stop();
        }
    }

    /** The jar's JVM is the server's own, so it runs with the JDK settings the server is measured with. */
    @Test
    void startAppliesTheRecommendedJdkServerSettings() {
        Main.Running running = Main.start(new ServerOptions("127.0.0.1", 0, StoreKind.SQLITE,
                dir.resolve("jobs.db").toString(), null, null, Durability.POWER_LOSS, AuthMode.OPTIONAL, null, 1_048_576, 1000, 4, null,
                Duration.ofMinutes(15), null));
        try {
            ImportJobsServer.RECOMMENDED_SYSTEM_PROPERTIES.forEach(
                    (name, value) -> assertEquals(value, System.getProperty(name), name));
        } finally {
            running.stop();
        }
    }

    /** What a start prints: version, database, auth, and last the line scripts wait for. */
    @Test
    void startPrintsTheVersionDatabaseAuthAndLastWhereItListens() {
        Path db = dir.resolve("jobs.db");
        ServerOptions options = new ServerOptions("127.0.0.1", 0, StoreKind.SQLITE, db.toString(), null, null,
                Durability.POWER_LOSS, AuthMode.OPTIONAL, null, 1_048_576, 1000, 4, null, Duration.ofMinutes(15), null);
        Main.Running running = Main.start(options);
        try {
            assertEquals(List.of("importjobs dev", "database: SQLite file " + db.toAbsolutePath(),
                    "auth: optional (callers without a token have every right; a token sent must verify)",
                    "listening on " + running.server().baseUrl()), Main.startupLines(options, running));
        } finally {
            running.stop();
        }
    }

    /** A durability short of the default is said where the database is (docs/server.md#the-database). */
    @Test
    void durabilityProcessIsSaidOnTheDatabaseLine() {
        Path db = dir.resolve("jobs.db");
        ServerOptions options = new ServerOptions("127.0.0.1", 0, StoreKind.SQLITE, db.toString(), null, null,
                Durability.PROCESS, AuthMode.OPTIONAL, null, 1_048_576, 1000, 4, null, Duration.ofMinutes(15), null);
        Main.Running running = Main.start(options);
        try {
            assertEquals("database: SQLite file " + db.toAbsolutePath() + " (durability process: an acknowledged "
                    + "write survives a crash of the server, not of the machine)", Main.startupLines(options, running).get(1));
        } finally {
            running.stop();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "0.0.0.0,   optional, true",
        "::,        off,      true",
        "192.0.2.7, optional, true",
        "0.0.0.0,   required, false",
        "127.0.0.1, optional, false",
        "localhost, off,      false",
        "::1,       optional, false",
    })
    void anonymousRightsBeyondThisMachineAreWarnedAbout(String host, String auth, boolean warned) {
        ServerOptions options = new ServerOptions(host, 0, StoreKind.SQLITE, "x.db", null, null, Durability.POWER_LOSS, AuthMode.parse(auth),
                Path.of("t.json"), 1, 0, 1, null, Duration.ofMinutes(15), null);

        assertEquals(warned, Main.warning(options).isPresent(), () -> host + " " + auth);
        Main.warning(options).ifPresent(warning -> assertEquals("--auth " + auth + " on " + host
                + ": anyone who can reach it has every right; beyond this machine use --auth required --tokens FILE",
                warning));
    }

    /** --log-level reaches java.util.logging: its root logger and console handler, and the pool above INFO. */
    @Test
    void theLogLevelIsJavaUtilLoggings() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        Level before = root.getLevel();
        try {
            Main.logLevel(Level.FINE);
            assertEquals(Level.FINE, root.getLevel());
            for (java.util.logging.Handler handler : root.getHandlers()) {
                assertEquals(Level.FINE, handler.getLevel());
            }
            assertTrue(System.getLogger("dev.importjobs.http").isLoggable(System.Logger.Level.DEBUG));
            assertEquals(Level.FINE, java.util.logging.Logger.getLogger("com.zaxxer.hikari").getLevel());
            Main.logLevel(Level.SEVERE);
            assertFalse(System.getLogger("dev.importjobs.http").isLoggable(System.Logger.Level.WARNING));
            assertEquals(Level.WARNING, java.util.logging.Logger.getLogger("com.zaxxer.hikari").getLevel());
        } finally {
            Main.logLevel(Level.INFO);
            root.setLevel(before);
        }
    }

    /**
     * A job that ended long ago goes in the pass that runs at start; one that ended just now stays; a job
     * left in progress shows as stalled after the stall time. The server's clock is the system's, so the
     * old jobs are backfilled (docs/model.md#status-and-time).
     */
    @Test
    void startRunsRetentionAndShowsStalledJobsWithTheGivenTimes() throws Exception {
        Path db = dir.resolve("jobs.db");
        String old;
        String recent;
        String stalled;
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            old = created(jobs, "old");
            recent = created(jobs, "recent");
            stalled = created(jobs, "stalled");
            long longAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
            jobs.update(new UpdateJobCommand("org_123", old,
                    JobFields.builder().status("cancelled")
                            .completedAt(Instant.ofEpochMilli(longAgo)).build(), null));
            jobs.update(new UpdateJobCommand("org_123", recent,
                    JobFields.builder().status("cancelled").build(), null));
            jobs.update(new UpdateJobCommand("org_123", stalled,
                    JobFields.builder().status("inProgress")
                            .updatedAt(Instant.ofEpochMilli(longAgo)).build(), null));
        }

        Main.Running running = Main.start(new ServerOptions("127.0.0.1", 0, StoreKind.SQLITE, db.toString(), null,
                null, Durability.POWER_LOSS, AuthMode.OPTIONAL, null, 1_048_576, 1000, 4, null, Duration.ofHours(1), Duration.ofDays(7)));
        HttpClient client = HttpClient.newHttpClient();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (get(client, running, JOB + old).statusCode() != 404 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(404, get(client, running, JOB + old).statusCode(), "the job that ended 8 days ago is gone");
            assertEquals(200, get(client, running, JOB + recent).statusCode());
            assertTrue(get(client, running, JOB + stalled).body().contains("\"stalled\":true"));
            assertTrue(get(client, running, JOB + recent).body().contains("\"stalled\":false"));
        } finally {
            running.stop();
        }
    }

    private static String created(ImportJobs jobs, String file) {
        return jobs.create(new CreateJobCommand("org_123",
                JobFields.builder().createdBy("u1").fileName(file + ".csv")
                        .status("inProgress").build())).job().id();
    }

    private static HttpResponse<String> post(HttpClient client, Main.Running running, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(running.server().baseUrl() + "/api"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient client, Main.Running running, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(running.server().baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- helpers

    private static ServerOptions options(String... args) throws UsageException {
        return options(Map.of(), args);
    }

    private static ServerOptions options(Map<String, String> env, String... args) throws UsageException {
        Command command = CommandLine.parse(args, env);
        assertTrue(command instanceof Serve, command::toString);
        return ((Serve) command).options();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        return run(Map.of(), args);
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new HashMap<>(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsageError(Result result, String message) {
        assertEquals(2, result.code, result::toString);
        assertEquals("", result.out);
        assertEquals(1, result.err.lines().count(), result.err);
        assertTrue(result.err.startsWith("importjobs: " + message), () -> "expected 'importjobs: " + message + "…', got: " + result.err);
        assertTrue(result.err.endsWith(" (see --help)\n"), result.err);
        assertFalse(result.err.contains("Exception"), result.err);
    }

    private static void assertStartFailure(Result result, String message) {
        assertEquals(1, result.code, result::toString);
        assertEquals("", result.out);
        assertEquals(1, result.err.lines().count(), result.err);
        assertTrue(result.err.startsWith("importjobs: " + message), () -> "expected 'importjobs: " + message + "…', got: " + result.err);
        assertFalse(result.err.contains("Exception"), result.err);
    }
}
