package dev.importjobs.http;

import java.util.Locale;

/** How the server treats access tokens (docs/server.md#auth). */
public enum AuthMode {
    /** No checks: every caller has every right. */
    OFF,
    /** The default: no token is allowed (with every right); a token that is sent must verify. */
    OPTIONAL,
    /** Every request needs a token that verifies. */
    REQUIRED;

    /** {@code off}, {@code optional} or {@code required}, in any case. */
    public static AuthMode parse(String text) {
        for (AuthMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("auth must be off, optional or required, not '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
