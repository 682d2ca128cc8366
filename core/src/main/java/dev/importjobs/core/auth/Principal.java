package dev.importjobs.core.auth;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: a subject, the organizations it may act in and the permissions it holds. Either set
 * may hold {@code "*"}, meaning all.
 */
public record Principal(String subject, Set<String> organizations, Set<String> permissions) {
    public static final String ALL = "*";

    /** The caller of an unauthenticated mode: every organization, every permission. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(ALL), Set.of(ALL));

    public Principal {
        Objects.requireNonNull(subject, "subject");
        organizations = Set.copyOf(organizations);
        permissions = Set.copyOf(permissions);
    }

    public boolean canAccess(String organizationId) {
        return organizations.contains(ALL) || organizations.contains(organizationId);
    }

    public boolean holds(Permission permission) {
        return permissions.contains(ALL) || permissions.contains(permission.wireName());
    }

    /** Throws a 4003 naming the organization unless this principal may act in it. */
    public void requireAccess(String organizationId) {
        if (!canAccess(organizationId)) {
            throw new ImportJobsException(ErrorCode.FORBIDDEN, "no access to organization " + organizationId);
        }
    }

    /** Throws a 4003 naming the organization or the permission this principal lacks. */
    public void require(String organizationId, Permission permission) {
        requireAccess(organizationId);
        if (!holds(permission)) {
            throw new ImportJobsException(ErrorCode.FORBIDDEN, "missing permission " + permission.wireName());
        }
    }
}
