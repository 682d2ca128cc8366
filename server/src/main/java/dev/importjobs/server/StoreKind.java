package dev.importjobs.server;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stores the server runs on, told apart by the form of {@code --db} (docs/server.md#the-database).
 * This is the one place that names them: {@link #serving} picks the entry whose form the value has, so
 * another store is one more entry here (and its module in this module's pom and module-info).
 */
enum StoreKind {
    /** Anything that is not a JDBC URL: a SQLite file, created with its schema if missing. */
    SQLITE("FILE (a SQLite database file)") {
        @Override
        boolean accepts(String db) {
            return !db.startsWith(JDBC);
        }

        @Override
        void check(String db) {
            try {
                Path.of(db);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("is not a valid path: " + e.getReason(), e);
            }
        }

        @Override
        JobStore open(ServerOptions options) {
            return SqliteJobStore.open(Path.of(options.db()));
        }

        @Override
        String describe(String db) {
            return "SQLite file " + Path.of(db).toAbsolutePath();
        }
    };

    private static final String JDBC = "jdbc:";

    /** How messages show the form of {@code --db} this store takes. */
    final String form;

    StoreKind(String form) {
        this.form = form;
    }

    /** Whether {@code db} has this store's form. */
    abstract boolean accepts(String db);

    /**
     * Checks a value of this store's form before anything is opened.
     *
     * @throws IllegalArgumentException whose message says what is wrong, to follow the option's name
     */
    abstract void check(String db);

    /** Opens (and creates or migrates) the store; failures are one-line {@code RuntimeException}s. */
    abstract JobStore open(ServerOptions options);

    /**
     * What the start-up lines say the database is. The kind alone unless an entry says more: a URL may
     * carry a password, so an entry shows only what it knows to be safe.
     */
    String describe(String db) {
        return name().toLowerCase(Locale.ROOT) + " database";
    }

    /** The store for {@code db}, or empty when no store takes that form. */
    static Optional<StoreKind> serving(String db) {
        return Arrays.stream(values()).filter(kind -> kind.accepts(db)).findFirst();
    }

    /** Why no store takes {@code db}: the forms that are supported, and the kind of URL that is not. */
    static String unsupported(String db) {
        int colon = db.indexOf(':', JDBC.length());
        String scheme = colon < 0 ? db : db.substring(0, colon);
        return "takes " + Arrays.stream(values()).map(kind -> kind.form).collect(Collectors.joining(" or "))
                + ", not a " + scheme + " URL";
    }
}
