package dev.importjobs.storage.postgres;

import dev.importjobs.core.error.StoreException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * What a message may say about a PostgreSQL JDBC URL: where the database is, never the credentials the URL
 * may carry ({@code ?password=…}).
 */
final class JdbcUrls {
    static final String FORM = "jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMETERS]";
    /** A {@code password=…} parameter, up to the next {@code &} or the end. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\\s]*");

    private JdbcUrls() {
    }

    /** Refuses a URL the driver would not take, naming the form it takes. */
    static void check(String url) {
        if (Driver.parseURL(url, null) == null) {
            throw new StoreException("the database URL is not a PostgreSQL JDBC URL (the form is " + FORM + ")");
        }
    }

    /** {@code host:port/database} as the driver reads the URL (its defaults filled in), or a placeholder. */
    static String describe(String url) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            return "a malformed URL";
        }
        return PGProperty.PG_HOST.getOrDefault(parsed) + ":" + PGProperty.PG_PORT.getOrDefault(parsed) + "/"
                + PGProperty.PG_DBNAME.getOrDefault(parsed);
    }

    /** Whether the URL sets {@code ApplicationName} itself. */
    static boolean namesApplication(String url) {
        Properties parsed = Driver.parseURL(url, null);
        return parsed != null && PGProperty.APPLICATION_NAME.getOrNull(parsed) != null;
    }

    /** The password the URL carries as a parameter, or {@code null}. */
    static String password(String url) {
        Properties parsed = Driver.parseURL(url, null);
        return parsed == null ? null : PGProperty.PASSWORD.getOrNull(parsed);
    }

    /** {@code message} with every password in it blotted out: those given, and any URL parameter's. */
    static String hide(String message, String... passwords) {
        String hidden = PASSWORD_PARAMETER.matcher(message).replaceAll("$1***");
        for (String password : passwords) {
            if (password != null && !password.isEmpty()) {
                hidden = hidden.replace(password, "***");
            }
        }
        return hidden;
    }
}
