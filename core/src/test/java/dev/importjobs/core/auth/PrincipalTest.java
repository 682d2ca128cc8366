package dev.importjobs.core.auth;

import static dev.importjobs.core.error.ErrorAssertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrincipalTest {
    private static final Principal READER = new Principal("reader", Set.of("org_a", "org_b"),
            Set.of("base.bulk.management.list", "base.bulk.management.read"));

    @Test
    void permissionsHaveStyleBsNames() {
        assertEquals(List.of("base.bulk.management.list", "base.bulk.management.read", "base.bulk.management.create",
                "base.bulk.management.update", "base.bulk.management.delete"),
                Stream.of(Permission.values()).map(Permission::wireName).toList());
    }

    @Test
    void aPrincipalMayDoWhatItHoldsInItsOrganizations() {
        assertDoesNotThrow(() -> READER.require("org_a", Permission.LIST));
        assertDoesNotThrow(() -> READER.require("org_b", Permission.READ));
    }

    @Test
    void anotherOrganizationIsForbiddenNamingIt() {
        ImportJobsException e = assertFails(ErrorCode.FORBIDDEN, () -> READER.require("org_c", Permission.LIST));
        assertEquals("no access to organization org_c", e.getMessage());
        assertEquals(List.of(), e.details());
    }

    @Test
    void organizationsMatchExactly() {
        assertFails(ErrorCode.FORBIDDEN, () -> READER.require("ORG_A", Permission.LIST));
        assertFails(ErrorCode.FORBIDDEN, () -> READER.require("org_a1", Permission.LIST));
        assertFails(ErrorCode.FORBIDDEN, () -> READER.require("org", Permission.LIST));
        assertFalse(new Principal("p", Set.of("org_*"), Set.of("*")).canAccess("org_a"));
    }

    @Test
    void aMissingPermissionIsForbiddenNamingIt() {
        ImportJobsException e = assertFails(ErrorCode.FORBIDDEN, () -> READER.require("org_a", Permission.DELETE));
        assertEquals("missing permission base.bulk.management.delete", e.getMessage());
        ImportJobsException update = assertFails(ErrorCode.FORBIDDEN, () -> READER.require("org_b", Permission.UPDATE));
        assertEquals("missing permission base.bulk.management.update", update.getMessage());
    }

    @Test
    void theOrganizationIsCheckedBeforeThePermission() {
        ImportJobsException e = assertFails(ErrorCode.FORBIDDEN, () -> READER.require("org_c", Permission.DELETE));
        assertEquals("no access to organization org_c", e.getMessage());
    }

    @Test
    void accessToAnOrganizationNeedsNoPermission() {
        Principal noRights = new Principal("nobody", Set.of("org_a"), Set.of("base.bulk.management.list"));
        assertDoesNotThrow(() -> noRights.requireAccess("org_a"));
        ImportJobsException e = assertFails(ErrorCode.FORBIDDEN, () -> noRights.requireAccess("org_b"));
        assertEquals("no access to organization org_b", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void aWildcardOrganizationGrantsEveryOrganizationButNoPermission(Permission permission) {
        Principal lister = new Principal("lister", Set.of("*"), Set.of("base.bulk.management.list"));
        assertTrue(lister.canAccess("any_org"));
        if (permission == Permission.LIST) {
            assertDoesNotThrow(() -> lister.require("any_org", permission));
        } else {
            ImportJobsException e = assertFails(ErrorCode.FORBIDDEN, () -> lister.require("any_org", permission));
            assertEquals("missing permission " + permission.wireName(), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void aWildcardPermissionGrantsEveryPermissionButNoOrganization(Permission permission) {
        Principal admin = new Principal("admin", Set.of("org_a"), Set.of("*"));
        assertTrue(admin.holds(permission));
        assertDoesNotThrow(() -> admin.require("org_a", permission));
        ImportJobsException e = assertFails(ErrorCode.FORBIDDEN, () -> admin.require("org_b", permission));
        assertEquals("no access to organization org_b", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void theAnonymousCallerMayDoEverything(Permission permission) {
        assertDoesNotThrow(() -> Principal.ANONYMOUS.require("any_org", permission));
        assertEquals("anonymous", Principal.ANONYMOUS.subject());
    }

    @Test
    void aPermissionPrefixIsNotAWildcard() {
        Principal prefixed = new Principal("p", Set.of("org_a"), Set.of("base.bulk.management.*", "base.bulk"));
        for (Permission permission : Permission.values()) {
            assertFalse(prefixed.holds(permission), permission.wireName());
        }
    }

    @Test
    void aPrincipalWithNothingMayDoNothing() {
        Principal nobody = new Principal("nobody", Set.of(), Set.of());
        assertFails(ErrorCode.FORBIDDEN, () -> nobody.require("org_a", Permission.LIST));
        assertFalse(nobody.canAccess("*"));
    }

    @Test
    void theSetsAreUnmodifiableCopiesAndTheSubjectIsRequired() {
        Set<String> organizations = new HashSet<>(Set.of("org_a"));
        Principal principal = new Principal("p", organizations, Set.of("*"));
        organizations.add("org_b");
        assertFalse(principal.canAccess("org_b"));
        assertThrows(UnsupportedOperationException.class, () -> principal.organizations().add("org_b"));
        assertThrows(NullPointerException.class, () -> new Principal(null, Set.of(), Set.of()));
    }
}
