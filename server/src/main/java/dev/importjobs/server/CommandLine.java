package dev.importjobs.server;

import dev.importjobs.http.AuthMode;
import dev.importjobs.http.ImportJobsServer;
import dev.importjobs.http.names.DidYouMean;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code importjobs-server.jar [options]} and {@code importjobs-server.jar hash-token <token>}
 * (docs/server.md#options). Every option is also an environment variable ({@code --max-body-bytes} ↔
 * {@code IMPORTJOBS_MAX_BODY_BYTES}); the command line wins, an empty variable counts as unset.
 * Options come as {@code --name value} or {@code --name=value}.
 */
final class CommandLine {
    static final String HASH_TOKEN = "hash-token";
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");
    private static final Duration MAX_DURATION = Duration.ofDays(3650);

    /** The server's options, with their defaults; the help text is made from this table. */
    enum Option {
        HOST("ADDRESS", "127.0.0.1", "address to bind (anonymous callers of --auth optional have every right)"),
        PORT("PORT", "8080", "port to listen on; 0 picks a free one"),
        DB("FILE|URL", "./importjobs.db", "SQLite file, created with its schema if missing, or a "
                + "jdbc:postgresql://HOST[:PORT]/DATABASE URL (password from " + StoreKind.PASSWORD_VARIABLE + ")"),
        DB_POOL_SIZE("N", null, "database connections: PostgreSQL's pool (default 10), SQLite's readers (default 4)"),
        DURABILITY("MODE", Durability.POWER_LOSS.optionName(), "power-loss (a write is on disk before it is "
                + "acknowledged) | process (SQLite: survives a crash of the server, not of the machine)"),
        AUTH("MODE", "optional", "off | optional (a token is checked only when sent) | required"),
        TOKENS("FILE", null, "tokens file: SHA-256 hashes of tokens and their rights (see hash-token)"),
        MAX_BODY_BYTES("N", "1048576", "largest request body in bytes; a larger one gets 413"),
        MAX_ERRORS_PER_JOB("N", "1000", "line errors kept per job; past that they are counted, not kept"),
        THREADS("N", Integer.toString(ImportJobsServer.MAX_CONNECTIONS), "most request threads, made as requests arrive; a slow client holds one until the 30 s read timeout"),
        STALL_AFTER("DURATION", "15m", "a job in progress unchanged this long shows as stalled (e.g. 90s, 15m, 2h)"),
        RETENTION("DURATION", "off", "delete completed, failed and cancelled jobs this long after they ended "
                + "(e.g. 7d, 12h, 30m); off keeps them"),
        LOG_LEVEL("LEVEL", "info", "error | warning | info | debug (adds a line per request) | trace");

        final String placeholder;
        final String defaultValue;
        final String description;

        Option(String placeholder, String defaultValue, String description) {
            this.placeholder = placeholder;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        String flag() {
            return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        String variable() {
            return "IMPORTJOBS_" + name();
        }

        static Optional<Option> byFlag(String flag) {
            return Arrays.stream(values()).filter(o -> o.flag().equals(flag)).findFirst();
        }
    }

    /** What the command line asks for. */
    sealed interface Command permits Serve, Help, Version, HashToken {
    }

    record Serve(ServerOptions options) implements Command {
    }

    record Help() implements Command {
    }

    record Version() implements Command {
    }

    record HashToken(String token) implements Command {
    }

    /** The command line cannot be used as given; the message says why in one line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private CommandLine() {
    }

    static Command parse(String[] args, Map<String, String> env) throws UsageException {
        if (args.length > 0 && args[0].equals(HASH_TOKEN)) {
            if (args.length != 2) {
                throw new UsageException(HASH_TOKEN + " takes exactly one argument, the token");
            }
            return new HashToken(args[1]);
        }
        Map<Option, String> given = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'"
                        + (arg.equals(HASH_TOKEN) ? " (" + HASH_TOKEN + " must come first)" : ""));
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            if (flag.equals("--help") || flag.equals("--version")) {
                if (equals >= 0) {
                    throw new UsageException(flag + " takes no value");
                }
                return flag.equals("--help") ? new Help() : new Version();
            }
            Option option = Option.byFlag(flag).orElseThrow(() -> unknown(flag));
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value (" + option.placeholder + ")");
            }
            if (given.put(option, value) != null) {
                throw new UsageException(flag + " is given more than once");
            }
        }
        return new Serve(options(new Values(given, env)));
    }

    private static ServerOptions options(Values values) throws UsageException {
        String host = values.text(Option.HOST);
        int port = (int) values.integer(Option.PORT, 0, 65_535);
        String db = values.text(Option.DB);
        StoreKind store = store(db, values.name(Option.DB));
        Integer dbPoolSize = values.raw(Option.DB_POOL_SIZE) == null ? null
                : (int) values.integer(Option.DB_POOL_SIZE, 1, 1_000);
        String dbPassword = values.env().get(StoreKind.PASSWORD_VARIABLE);
        Durability durability = durability(values, store);
        AuthMode auth;
        try {
            auth = AuthMode.parse(values.raw(Option.AUTH));
        } catch (IllegalArgumentException e) {
            throw new UsageException(values.name(Option.AUTH) + " must be off, optional or required, not '"
                    + values.raw(Option.AUTH) + "'");
        }
        Path tokens = values.raw(Option.TOKENS) == null ? null : values.path(Option.TOKENS);
        if (auth == AuthMode.REQUIRED && tokens == null) {
            throw new UsageException("--auth required needs --tokens FILE (or " + Option.TOKENS.variable()
                    + "): without tokens nobody could get in");
        }
        long maxBodyBytes = values.integer(Option.MAX_BODY_BYTES, 1, 1L << 30);
        int maxErrorsPerJob = (int) values.integer(Option.MAX_ERRORS_PER_JOB, 0, Integer.MAX_VALUE);
        int threads = (int) values.integer(Option.THREADS, 1, 10_000);
        Level logLevel = values.given(Option.LOG_LEVEL) ? logLevel(values) : null;
        Duration stallAfter = values.duration(Option.STALL_AFTER, false);
        Duration retention = values.duration(Option.RETENTION, true);
        return new ServerOptions(host, port, store, db, dbPoolSize, dbPassword == null || dbPassword.isEmpty() ? null
                : dbPassword, durability, auth, tokens, maxBodyBytes, maxErrorsPerJob, threads, logLevel, stallAfter,
                retention);
    }

    private static Durability durability(Values values, StoreKind store) throws UsageException {
        String raw = values.raw(Option.DURABILITY);
        Durability durability = Durability.ofOptionName(raw).orElseThrow(() -> new UsageException(
                values.name(Option.DURABILITY) + " must be power-loss or process, not '" + raw + "'"));
        try {
            store.checkDurability(durability);
        } catch (IllegalArgumentException e) {
            throw new UsageException(values.name(Option.DURABILITY) + " " + e.getMessage());
        }
        return durability;
    }

    /** The levels {@code --log-level} takes, as System.Logger names them, and java.util.logging's for each. */
    static final Map<String, Level> LOG_LEVELS = Map.of("error", Level.SEVERE, "warning", Level.WARNING,
            "info", Level.INFO, "debug", Level.FINE, "trace", Level.FINEST);

    private static Level logLevel(Values values) throws UsageException {
        Level level = LOG_LEVELS.get(values.raw(Option.LOG_LEVEL).toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new UsageException(values.name(Option.LOG_LEVEL) + " must be error, warning, info, debug or trace, not '"
                    + values.raw(Option.LOG_LEVEL) + "'");
        }
        return level;
    }

    /** The store {@code db} names, checked; {@code name} is how the user wrote the option. */
    private static StoreKind store(String db, String name) throws UsageException {
        StoreKind store = StoreKind.serving(db)
                .orElseThrow(() -> new UsageException(name + " " + StoreKind.unsupported(db)));
        try {
            store.check(db);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + " " + e.getMessage());
        }
        return store;
    }

    private static UsageException unknown(String flag) {
        String known = DidYouMean.suggestion(Arrays.stream(Option.values()).map(Option::flag).toList(), flag);
        String hint = known == null ? "" : "; did you mean " + known + "?";
        return new UsageException("unknown option " + flag + hint);
    }

    /** Each option's value from the command line, else the environment, else its default. */
    private record Values(Map<Option, String> given, Map<String, String> env) {
        /** Whether the option was set at all, on the command line or in the environment. */
        boolean given(Option option) {
            return given.containsKey(option) || env.get(option.variable()) != null && !env.get(option.variable()).isEmpty();
        }

        String raw(Option option) {
            String value = given.get(option);
            if (value == null) {
                value = env.get(option.variable());
            }
            return value == null || value.isEmpty() && !given.containsKey(option) ? option.defaultValue : value;
        }

        /** How the user wrote the option's name, for messages. */
        String name(Option option) {
            return given.containsKey(option) || env.get(option.variable()) == null
                    || env.get(option.variable()).isEmpty() ? option.flag() : option.variable();
        }

        long integer(Option option, long min, long max) throws UsageException {
            String raw = raw(option);
            try {
                long value = Long.parseLong(raw);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, like a value out of range
            }
            throw new UsageException(name(option) + " must be an integer " + min + ".." + max + ", not '" + raw + "'");
        }

        /**
         * A whole number of seconds, minutes, hours or days ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}),
         * at least one and at most ten years; {@code off} gives {@code null} where {@code off} is allowed.
         */
        Duration duration(Option option, boolean off) throws UsageException {
            String raw = raw(option);
            if (off && raw.equals("off")) {
                return null;
            }
            Matcher matcher = DURATION.matcher(raw);
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                Duration value = switch (matcher.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                if (amount > 0 && value.compareTo(MAX_DURATION) <= 0) {
                    return value;
                }
            }
            throw new UsageException(name(option) + " must be " + (off ? "off or " : "")
                    + "a whole number of seconds, minutes, hours or days from 1s to 3650d, such as 90s, 15m, 2h or "
                    + "7d, not '" + raw + "'");
        }

        /** The value, which must not be blank. */
        String text(Option option) throws UsageException {
            String raw = raw(option);
            if (raw.isBlank()) {
                throw new UsageException(name(option) + " must not be empty");
            }
            return raw;
        }

        Path path(Option option) throws UsageException {
            String raw = text(option);
            try {
                return Path.of(raw);
            } catch (InvalidPathException e) {
                throw new UsageException(name(option) + " is not a valid path: " + e.getReason());
            }
        }
    }

    /** The {@code --help} text. */
    static String usage() {
        StringBuilder text = new StringBuilder()
                .append("Usage: java -jar importjobs-server.jar [options]\n")
                .append("       java -jar importjobs-server.jar ").append(HASH_TOKEN).append(" <token>\n\n")
                .append("Serves Import Jobs over HTTP: style A (POST /api) and style B\n")
                .append("(/v1/organizations/{organizationId}/bulk-tasks), plus GET /healthz.\n\n")
                .append("Options (each also an environment variable; the command line wins):\n");
        for (Option option : Option.values()) {
            text.append(String.format("  %-28s %s%n", option.flag() + " " + option.placeholder, option.description));
            text.append(String.format("  %-28s %s%s%n", "", option.variable(),
                    option.defaultValue == null ? "" : ", default " + option.defaultValue));
        }
        return text
                .append(String.format("  %-28s %s%n", "--help", "print this help and exit"))
                .append(String.format("  %-28s %s%n%n", "--version", "print the version and exit"))
                .append(String.format("  %-28s %s%n%n", HASH_TOKEN + " <token>",
                        "print the token's SHA-256 (lowercase hex) for the tokens file"))
                .append("The database password is read from ").append(StoreKind.PASSWORD_VARIABLE)
                .append(" only, so it is on no command line.\n")
                .append("With --auth optional (the default) a caller without a token has every right, so the\n")
                .append("server binds 127.0.0.1 by default; beyond the local machine use --auth required --tokens FILE.\n")
                .toString();
    }
}
