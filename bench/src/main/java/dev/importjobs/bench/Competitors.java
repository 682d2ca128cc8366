package dev.importjobs.bench;

import java.util.List;

/**
 * The benchmarks' one seam between what is measured and where: for the database a benchmark's
 * {@code database} parameter names, each {@link Competitor}'s way to record chunks and to list. A database
 * is added with one class holding one entry per competitor, and one line in {@link #on}; the benchmarks do
 * not change. Closing it removes what it made for the trial (fresh databases, a server it started).
 */
interface Competitors extends AutoCloseable {
    /** The databases {@link #on} knows, as the {@code database} parameter names them. */
    List<String> DATABASES = List.of("sqlite", "postgres");

    static Competitors on(String database) {
        return switch (database) {
            case "sqlite" -> new SqliteCompetitors();
            case "postgres" -> new PostgresCompetitors();
            default -> throw new IllegalArgumentException("unknown database '" + database + "'; databases: "
                    + String.join(", ", DATABASES));
        };
    }

    /** The competitor recording chunks in a fresh, empty database of its own. */
    ChunkRecorder<?> chunks(Competitor competitor, int lineErrors) throws Exception;

    /**
     * The competitor listing {@code organization} in the listing dataset of {@code dbJobs} jobs (made on first
     * use), with the deep variants {@code depth} rows in.
     */
    Listing listing(Competitor competitor, int dbJobs, String organization, int depth) throws Exception;

    @Override
    void close();
}
