package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.auth.TokenVerifier;
import java.nio.charset.StandardCharsets;
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

/** Auth in its three modes (docs/server.md#auth): where tokens come from, 401 4002/4004, 403 4003 and its order. */
class AuthTest {
    static final String LIST = "base.bulk.management.list";
    static final String READ = "base.bulk.management.read";
    static final Map<String, Principal> TOKENS = Map.of(
            "admin-token", new Principal("admin", Set.of("*"), Set.of("*")),
            "org-token", new Principal("org-user", Set.of(ORG), Set.of("*")),
            "lister-token", new Principal("lister", Set.of(ORG), Set.of(LIST)),
            "reader-token", new Principal("reader", Set.of(ORG), Set.of(LIST, READ)),
            "other-org-token", new Principal("outsider", Set.of("org_999"), Set.of("*")));
    static final TokenVerifier VERIFIER = token -> Optional.ofNullable(TOKENS.get(token));
    static final String ANY_ID = "0123456789abcdef01234567";

    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(AuthMode mode) {
        server = TestServer.options().auth(mode).verifier(VERIFIER).start(dir);
        return server;
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String[] direct(String token) {
        return new String[] {"x-stack-access-token", token};
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void aTokenIsReadFromEitherHeader(AuthMode mode) {
        start(mode);

        String id = (String) server.post(JOBS, createB(), direct("org-token")).okB(201).get("id");
        server.get(JOBS + "/" + id, bearer("org-token")).okB(200);
        server.rpc("getById", obj("organizationId", ORG, "id", id), direct("org-token")).okA();
        server.rpc("getById", obj("organizationId", ORG, "id", id), bearer("org-token")).okA();
        server.get(JOBS, "Authorization", "bearer org-token").okB(200);
        server.get(JOBS, "x-stack-access-token", "org-token", "Authorization", "Bearer org-token").okB(200);
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void twoDifferentTokensAreInvalid(AuthMode mode) {
        start(mode);

        server.get(JOBS, "x-stack-access-token", "org-token", "Authorization", "Bearer admin-token")
                .fails(401, 4004, "Invalid Token");
        server.rpc("listByOrganization", obj("organizationId", ORG), "x-stack-access-token", "admin-token",
                "Authorization", "Bearer org-token").fails(401, 4004, "Invalid Token");
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void aTokenThatDoesNotVerifyIs401InvalidToken(AuthMode mode) {
        start(mode);

        assertEquals(Map.of("status", false, "error", Map.of("code", 4004, "message", "Invalid Token")),
                server.get(JOBS, bearer("forged")).json());
        server.get(JOBS, bearer("forged")).fails(401, 4004, "Invalid Token");
        server.get(JOBS, direct("forged")).fails(401, 4004, "Invalid Token");
        server.get(JOBS, "Authorization", "Basic YWRtaW46YWRtaW4=").fails(401, 4004, "Invalid Token");
        server.get(JOBS, "Authorization", "Bearer ").fails(401, 4004, "Invalid Token");
        TestServer.Reply a = server.rpc("create", createA("key-1"), direct("forged"));
        assertEquals(Map.of("status", "error", "error", Map.of("code", 4004, "message", "Invalid Token")), a.json());
        assertEquals(401, a.status);
        server.post(JOBS, "{not json", bearer("forged")).fails(401, 4004, "Invalid Token");
        assertEquals(0L, server.get(JOBS, bearer("admin-token")).num("data.totalDocs"), "nothing was created");
    }

    @Test
    void requiredModeRefusesARequestWithoutToken() {
        start(AuthMode.REQUIRED);

        TestServer.Reply b = server.get(JOBS);
        TestServer.Reply a = server.rpc("listByOrganization", obj("organizationId", ORG));

        assertEquals(401, b.status);
        assertEquals(Map.of("status", false, "error", Map.of("code", 4002, "message", "No auth token")), b.json());
        assertEquals(401, a.status);
        assertEquals(Map.of("status", "error", "error", Map.of("code", 4002, "message", "No auth token")), a.json());
        server.post(JOBS, createB()).fails(401, 4002, "No auth token");
        server.post(JOBS, "{oops").fails(401, 4002, "No auth token");
        server.patch(JOBS + "/" + ANY_ID, obj()).fails(401, 4002, "No auth token");
        server.delete(JOBS + "/" + ANY_ID).fails(401, 4002, "No auth token");
        server.post(JOBS + "/" + ANY_ID + "/chunks", obj()).fails(401, 4002, "No auth token");
        server.get(JOBS + "/" + ANY_ID + "/errors").fails(401, 4002, "No auth token");
        server.get(JOBS + "/" + ANY_ID + "/errors.csv").fails(401, 4002, "No auth token");
        assertEquals(0L, server.get(JOBS, bearer("admin-token")).num("data.totalDocs"));
    }

    @Test
    void optionalModeGivesTheAnonymousCallerEveryRight() {
        start(AuthMode.OPTIONAL);
        everyOperationWorksWithoutToken();
    }

    @Test
    void offModeIgnoresTokensAndGivesEveryRight() {
        start(AuthMode.OFF);
        everyOperationWorksWithoutToken();

        server.get(JOBS, bearer("forged")).okB(200);
        server.get(JOBS, "x-stack-access-token", "a", "Authorization", "Bearer b").okB(200);
        server.rpc("listByOrganization", obj("organizationId", "org_999"), direct("lister-token")).okA();
    }

    private void everyOperationWorksWithoutToken() {
        String b = (String) server.newJobB().get("id");
        String a = (String) server.newJobA("key-1").get("id");
        server.get(JOBS).okB(200);
        server.get(JOBS + "/" + b).okB(200);
        server.patch(JOBS + "/" + b, obj("summary", "x")).okB(200);
        server.post(JOBS + "/" + b + "/chunks", obj("chunkIndex", 0, "rows", 1)).okB(200);
        server.get(JOBS + "/" + b + "/errors").okB(200);
        assertEquals(200, server.get(JOBS + "/" + b + "/errors.csv").status);
        server.delete(JOBS + "/" + b).okB(200);
        server.rpc("getById", obj("organizationId", ORG, "id", a)).okA();
        server.rpc("listByOrganization", obj("organizationId", ORG)).okA();
        server.rpc("update", obj("organizationId", ORG, "id", a, "summary", "y")).okA();
        server.rpc("recordChunk", obj("organizationId", ORG, "id", a, "chunkIndex", 0, "rows", 1)).okA();
        server.rpc("listErrors", obj("organizationId", ORG, "id", a)).okA();
        server.rpc("delete", obj("organizationId", ORG, "id", a)).okA();
        server.rpc("listByOrganization", obj("organizationId", "any_org_at_all")).okA();
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void aTokenOfAnotherOrganizationIsForbiddenThere(AuthMode mode) {
        start(mode);
        String id = (String) server.post(JOBS, createB(), bearer("admin-token")).okB(201).get("id");

        server.get(JOBS, bearer("other-org-token")).fails(403, 4003, "no access to organization org_123");
        server.get(JOBS + "/" + id, bearer("other-org-token")).fails(403, 4003, "no access to organization org_123");
        server.rpc("getById", obj("organizationId", ORG, "id", id), bearer("other-org-token"))
                .fails(403, 4003, "no access to organization org_123");
        server.rpc("delete", obj("organizationId", ORG, "id", id), direct("other-org-token"))
                .fails(403, 4003, "no access to organization org_123");
        server.get("/v1/organizations/org_999/bulk-tasks", bearer("other-org-token")).okB(200);
        server.get(JOBS + "/" + id, bearer("admin-token")).okB(200);
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void eachOperationNeedsItsPermission(AuthMode mode) {
        start(mode);
        String id = (String) server.post(JOBS, createB(), bearer("admin-token")).okB(201).get("id");
        Map<String, Object> before = server.get(JOBS + "/" + id, bearer("admin-token")).okB(200);
        String[] lister = bearer("lister-token");
        String[] reader = direct("reader-token");

        server.get(JOBS, lister).okB(200);
        server.rpc("listByOrganization", obj("organizationId", ORG), lister).okA();
        server.get(JOBS + "/" + id, lister).fails(403, 4003, "missing permission " + READ);
        server.rpc("getById", obj("organizationId", ORG, "id", id), lister)
                .fails(403, 4003, "missing permission " + READ);
        server.get(JOBS + "/" + id + "/errors", lister).fails(403, 4003, "missing permission " + READ);
        server.get(JOBS + "/" + id + "/errors.csv", lister).fails(403, 4003, "missing permission " + READ);
        server.rpc("listErrors", obj("organizationId", ORG, "id", id), lister)
                .fails(403, 4003, "missing permission " + READ);

        server.get(JOBS + "/" + id, reader).okB(200);
        server.get(JOBS + "/" + id + "/errors", reader).okB(200);
        assertEquals(200, server.get(JOBS + "/" + id + "/errors.csv", reader).status);
        server.post(JOBS, createB(), reader).fails(403, 4003, "missing permission base.bulk.management.create");
        server.rpc("create", createA("key-1"), reader)
                .fails(403, 4003, "missing permission base.bulk.management.create");
        server.patch(JOBS + "/" + id, obj("summary", "x"), reader)
                .fails(403, 4003, "missing permission base.bulk.management.update");
        server.rpc("update", obj("organizationId", ORG, "id", id, "summary", "x"), reader)
                .fails(403, 4003, "missing permission base.bulk.management.update");
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 1), reader)
                .fails(403, 4003, "missing permission base.bulk.management.update");
        server.rpc("recordChunk", obj("organizationId", ORG, "id", id, "chunkIndex", 0, "rows", 1), reader)
                .fails(403, 4003, "missing permission base.bulk.management.update");
        server.delete(JOBS + "/" + id, reader).fails(403, 4003, "missing permission base.bulk.management.delete");
        server.rpc("delete", obj("organizationId", ORG, "id", id), reader)
                .fails(403, 4003, "missing permission base.bulk.management.delete");

        assertEquals(before, server.get(JOBS + "/" + id, bearer("admin-token")).okB(200), "403s changed nothing");
        assertEquals(1L, server.get(JOBS, bearer("admin-token")).num("data.totalDocs"));
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"OPTIONAL", "REQUIRED"})
    void aForbiddenRequestIs403BeforeAnythingIsSaidAboutItsContent(AuthMode mode) {
        start(mode);
        String[] outsider = bearer("other-org-token");
        String[] reader = bearer("reader-token");

        server.post(JOBS, obj("bogus", 1, "status", 5), outsider).fails(403, 4003);
        server.post(JOBS, "{not json", outsider).fails(403, 4003);
        server.send("POST", JOBS, "{}".getBytes(StandardCharsets.UTF_8), outsider).fails(403, 4003);
        server.get(JOBS + "?page=0&limti=3", outsider).fails(403, 4003);
        server.get(JOBS + "/" + ANY_ID, outsider).fails(403, 4003, "no access to organization org_123");
        server.patch(JOBS + "/" + ANY_ID, obj("status", List.of()), reader)
                .fails(403, 4003, "missing permission base.bulk.management.update");
        server.rpc("create", obj("organizationId", ORG, "totalRows", "x", "bogus", 1), outsider)
                .fails(403, 4003, "no access to organization org_123");
        server.rpc("create", obj("organizationId", ORG, "totalRows", "x", "bogus", 1), reader)
                .fails(403, 4003, "missing permission base.bulk.management.create");
        server.rpc("getById", obj("organizationId", ORG, "id", ANY_ID), outsider)
                .fails(403, 4003, "no access to organization org_123");
    }

    @Test
    void healthNeedsNoToken() {
        start(AuthMode.REQUIRED);

        assertEquals(200, server.get("/healthz").status);
    }
}
