package dev.importjobs.http;

import static dev.importjobs.http.TestServer.ORG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.auth.TokenVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /v1/organizations/{organizationId}/access}: the caller's rights there, in each auth mode. */
class AccessRouteTest {
    static final String ACCESS = "/v1/organizations/" + ORG + "/access";
    static final List<String> ALL_FIVE = List.of("base.bulk.management.list", "base.bulk.management.read",
            "base.bulk.management.create", "base.bulk.management.update", "base.bulk.management.delete");
    /** Beyond {@link AuthTest#TOKENS}: one with a few permissions including update, one with none of ours. */
    static final Map<String, Principal> MORE_TOKENS = Map.of(
            "updater-token", new Principal("updater", Set.of(ORG), Set.of("base.bulk.management.update",
                    "base.bulk.management.list", "base.bulk.management.read")),
            "nothing-token", new Principal("nothing", Set.of(ORG), Set.of("base.bulk.management.nothing")));
    static final TokenVerifier VERIFIER = token -> Optional.ofNullable(MORE_TOKENS.get(token))
            .or(() -> AuthTest.VERIFIER.verify(token));

    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(AuthMode mode) {
        server = TestServer.options().auth(mode).verifier(VERIFIER).start(dir);
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private Map<String, Object> access(String path, String... headers) {
        Map<String, Object> data = server.get(path, headers).okB(200);
        assertEquals(Set.of("subject", "permissions"), data.keySet());
        return data;
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OFF", "OPTIONAL"})
    void theAnonymousCallerHoldsAllFivePermissionsSpelledOut(AuthMode mode) {
        start(mode);

        assertEquals(Map.of("subject", "anonymous", "permissions", ALL_FIVE), access(ACCESS));
        assertEquals(Map.of("subject", "anonymous", "permissions", ALL_FIVE),
                access("/v1/organizations/any%20org/access/"));
    }

    @Test
    void offModeIgnoresTheToken() {
        start(AuthMode.OFF);

        assertEquals(Map.of("subject", "anonymous", "permissions", ALL_FIVE), access(ACCESS, bearer("forged")));
        assertEquals(Map.of("subject", "anonymous", "permissions", ALL_FIVE), access(ACCESS, bearer("reader-token")));
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void aTokenShowsItsOwnPermissionsInTheirFixedOrder(AuthMode mode) {
        start(mode);

        assertEquals(Map.of("subject", "admin", "permissions", ALL_FIVE), access(ACCESS, bearer("admin-token")));
        assertEquals(Map.of("subject", "reader", "permissions", List.of("base.bulk.management.list",
                "base.bulk.management.read")), access(ACCESS, bearer("reader-token")));
        assertEquals(Map.of("subject", "org-user", "permissions", ALL_FIVE), access(ACCESS, bearer("org-token")));
        assertEquals(Map.of("subject", "updater", "permissions", List.of("base.bulk.management.list",
                "base.bulk.management.read", "base.bulk.management.update")),
                access(ACCESS, "x-stack-access-token", "updater-token"));
        assertEquals(Map.of("subject", "nothing", "permissions", List.of()), access(ACCESS, bearer("nothing-token")),
                "access needs no permission, only the organization");
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void anOrganizationTheTokenCannotAccessIsForbidden(AuthMode mode) {
        start(mode);

        server.get(ACCESS, bearer("other-org-token")).fails(403, 4003, "no access to organization org_123");
        server.get(ACCESS, bearer("reader-token"));
        server.get("/v1/organizations/org_999/access", bearer("reader-token"))
                .fails(403, 4003, "no access to organization org_999");
        server.get(ACCESS, bearer("forged")).fails(401, 4004, "Invalid Token");
    }

    @Test
    void requiredModeWantsAToken() {
        start(AuthMode.REQUIRED);

        server.get(ACCESS).fails(401, 4002, "No auth token");
    }

    @Test
    void onlyGetWithoutParametersIsServed() {
        start(AuthMode.OPTIONAL);

        TestServer.Reply post = server.post(ACCESS, Map.of());
        post.fails(405, 1005);
        assertEquals("GET", post.header("Allow"));
        assertEquals("is not a known parameter (known: )", server.get(ACCESS + "?org=x").invalid("org"));
        server.get("/v1/organizations/" + ORG + "/access/more").fails(404, 1004);
    }
}
