package dev.importjobs.core.model;

import java.util.regex.Pattern;

/** The rule for organization ids: style B's pattern plus {@code _}, so {@code org_123} is valid. */
public final class Organizations {
    /** What an organization id must match. */
    public static final String PATTERN = "^[A-Za-z0-9_-]{3,128}$";
    private static final Pattern ID = Pattern.compile(PATTERN);

    private Organizations() {
    }

    public static boolean isValid(String organizationId) {
        return organizationId != null && ID.matcher(organizationId).matches();
    }
}
