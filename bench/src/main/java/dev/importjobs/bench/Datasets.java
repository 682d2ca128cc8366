package dev.importjobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Listing datasets: made once per (competitor schema, size, generator version) under
 * {@code bench/target/datasets/} — SQLite files, and databases of the embedded PostgreSQL, whose data directory
 * is kept there too — and reused by later runs and forks. A dataset is written under a temporary name and
 * renamed when complete, so an interrupted run never leaves a half-filled one to reuse.
 */
final class Datasets {
    /** Bump when {@link SyntheticJobs} or a seeder changes what a dataset holds. */
    static final int GENERATOR_VERSION = 1;
    /** Rows per seeding transaction. */
    static final int BATCH = 10_000;

    private Datasets() {
    }

    /** Where datasets live: {@code -Dbench.dir}, else {@code bench/target} from the repository root, else {@code target}. */
    static Path directory() {
        String configured = System.getProperty("bench.dir");
        Path base = configured != null ? Path.of(configured)
                : Files.isDirectory(Path.of("bench", "target")) ? Path.of("bench", "target") : Path.of("target");
        Path directory = base.resolve("datasets");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }

    @FunctionalInterface
    interface Seeder {
        /** Creates the schema and the rows in {@code file}, a fresh path. */
        void seed(Path file, SyntheticJobs jobs) throws SQLException;
    }

    /** The dataset file for {@code kind} (which names the schema and its version) and size, made if missing. */
    static synchronized Path get(String kind, int jobs, Seeder seeder) {
        Path file = directory().resolve(kind + "-g" + GENERATOR_VERSION + "-" + jobs + ".db");
        if (Files.exists(file)) {
            return file;
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        long start = System.nanoTime();
        System.out.printf("# dataset %s: generating %,d jobs (once; reused from %s)%n", kind, jobs, file);
        try {
            deleteDatabase(partial);
            seeder.seed(partial, new SyntheticJobs(jobs));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException e) {
            throw new IllegalStateException("generating dataset " + file + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("# dataset %s: %,d jobs in %.1f s%n", kind, jobs, (System.nanoTime() - start) / 1e9);
        return file;
    }

    @FunctionalInterface
    interface DatabaseSeeder {
        /** Creates the schema and the rows in {@code database}, fresh and empty, on the embedded PostgreSQL. */
        void seed(String database, SyntheticJobs jobs) throws SQLException;
    }

    /**
     * The dataset database for {@code kind} and size on the embedded PostgreSQL ({@link Postgres}), made if missing;
     * its name. As with files, it is seeded under a temporary name and renamed when complete.
     */
    static synchronized String database(String kind, int jobs, DatabaseSeeder seeder) {
        String name = (kind + "_g" + GENERATOR_VERSION + "_" + jobs).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        String partial = name + "_partial";
        try {
            if (Postgres.exists(name)) {
                return name;
            }
            long start = System.nanoTime();
            System.out.printf("# dataset %s: generating %,d jobs in PostgreSQL (once; reused from database %s)%n", kind,
                    jobs, name);
            Postgres.create(partial);
            seeder.seed(partial, new SyntheticJobs(jobs));
            Postgres.rename(partial, name);
            System.out.printf("# dataset %s: %,d jobs in %.1f s%n", kind, jobs, (System.nanoTime() - start) / 1e9);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("generating dataset " + name + " failed", e);
        }
    }

    /** Prints progress every 100,000 rows (and the last). */
    static void progress(String kind, int done, int total, long startNanos) {
        if (done % 100_000 == 0 || done == total) {
            System.out.printf("#   %s: %,d / %,d jobs (%.0f s)%n", kind, done, total,
                    (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** Ends seeding: everything into the main file, so the WAL is gone before the file is renamed. */
    static void finish(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    static void deleteDatabase(Path file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
