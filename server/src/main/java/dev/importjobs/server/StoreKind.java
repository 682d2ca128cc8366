package dev.importjobs.server;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.storage.postgres.PostgresJobStore;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stores the server runs on, told apart by the form of {@code --db} (docs/server.md#the-database).
 * This is the one place that names them: {@link #serving} picks the entry whose form the value has, so
 * another store is one more entry here (and its module in this module's pom and module-info).
 */
enum StoreKind {
    /**
     * Anything that is not a JDBC URL: a SQLite file, created with its schema if missing. {@code --db-pool-size}
     * is its read pool (writes have one connection of their own).
     */
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

        /** Every one: SQLite's {@code synchronous} setting. */
        @Override
        void checkDurability(Durability durability) {
            // SqliteJobStore.Builder.durability takes each.
        }

        @Override
        JobStore open(ServerOptions options) {
            SqliteJobStore.Builder builder = SqliteJobStore.builder(Path.of(options.db())).durability(
                    switch (options.durability()) {
                        case POWER_LOSS -> SqliteJobStore.Durability.POWER_LOSS;
                        case PROCESS -> SqliteJobStore.Durability.PROCESS;
                    });
            if (options.dbPoolSize() != null) {
                builder.readPoolSize(options.dbPoolSize());
            }
            return builder.open();
        }

        @Override
        String describe(String db) {
            return "SQLite file " + Path.of(db).toAbsolutePath();
        }
    },

    /**
     * A PostgreSQL JDBC URL: the schema is made or migrated on start; several servers may share the database
     * (docs/deployment.md). The password comes from {@link #PASSWORD_VARIABLE} (or the URL).
     */
    POSTGRES("jdbc:postgresql://HOST[:PORT]/DATABASE (a PostgreSQL database)") {
        @Override
        boolean accepts(String db) {
            return db.startsWith(POSTGRES_SCHEME);
        }

        /** The driver reads the rest when the store opens; a malformed URL is a failure to start then. */
        @Override
        void check(String db) {
        }

        @Override
        JobStore open(ServerOptions options) {
            PostgresJobStore.Builder builder = PostgresJobStore.builder(options.db()).password(options.dbPassword());
            if (options.dbPoolSize() != null) {
                builder.poolSize(options.dbPoolSize());
            }
            return builder.open();
        }

        /** The URL without its parameters, where a password may be, nor a {@code user:password@} before the host. */
        @Override
        String describe(String db) {
            String shown = db.replaceFirst("\\?.*", "").replaceFirst("//[^/@]*@", "//");
            return "PostgreSQL database " + shown;
        }
    };

    /** Where the server reads the database password, so that it is on no command line. */
    static final String PASSWORD_VARIABLE = "IMPORTJOBS_DB_PASSWORD";

    private static final String JDBC = "jdbc:";
    private static final String POSTGRES_SCHEME = "jdbc:postgresql:";

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

    /**
     * Checks that this store can give {@code durability}: only SQLite has a setting for it; the others take
     * {@link Durability#POWER_LOSS} only, their own settings deciding (docs/storage.md#durability).
     *
     * @throws IllegalArgumentException whose message says what is wrong, to follow the option's name
     */
    void checkDurability(Durability durability) {
        if (durability != Durability.POWER_LOSS) {
            throw new IllegalArgumentException(durability.optionName() + " applies to a SQLite file only; a "
                    + "database server keeps the durability its own settings give");
        }
    }

    /** Opens (and creates or migrates) the store; failures are one-line {@code RuntimeException}s. */
    abstract JobStore open(ServerOptions options);

    /**
     * What the start-up lines and messages say the database is: a URL may carry a password, so an entry shows
     * only what it knows to be safe.
     */
    abstract String describe(String db);

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
