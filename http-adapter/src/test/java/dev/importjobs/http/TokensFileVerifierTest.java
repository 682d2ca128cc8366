package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.auth.Principal;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokensFileVerifierTest {
    /** SHA-256("abc"), from FIPS 180-2's own example. */
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void aListedTokenIsItsPrincipal() throws Exception {
        TokensFileVerifier verifier = TokensFileVerifier.load(write("""
                {"tokens": [
                  {"sha256": "%s", "subject": "importer", "organizations": ["org_123"], "permissions": ["*"]},
                  {"sha256": "%s", "subject": "reader", "organizations": ["*"],
                   "permissions": ["base.bulk.management.list", "base.bulk.management.read"]}
                ]}""".formatted(TokensFileVerifier.hash("importer-token"), TokensFileVerifier.hash("reader-token"))));

        assertEquals(Optional.of(new Principal("importer", Set.of("org_123"), Set.of("*"))),
                verifier.verify("importer-token"));
        assertEquals(Optional.of(new Principal("reader", Set.of("*"),
                        Set.of("base.bulk.management.list", "base.bulk.management.read"))),
                verifier.verify("reader-token"));
    }

    @Test
    void anyOtherTokenIsNoOne() throws Exception {
        TokensFileVerifier verifier = TokensFileVerifier.load(write("""
                {"tokens": [{"sha256": "%s", "subject": "importer", "organizations": ["org_123"], "permissions": ["*"]}]}
                """.formatted(TokensFileVerifier.hash("importer-token"))));

        assertEquals(Optional.empty(), verifier.verify("importer-token "));
        assertEquals(Optional.empty(), verifier.verify("Importer-token"));
        assertEquals(Optional.empty(), verifier.verify(TokensFileVerifier.hash("importer-token")));
        assertEquals(Optional.empty(), verifier.verify(""));
    }

    @Test
    void hashesMayBeWrittenInUpperCase() throws Exception {
        TokensFileVerifier verifier = TokensFileVerifier.load(write("""
                {"tokens": [{"sha256": "%s", "subject": "importer", "organizations": ["org_123"], "permissions": ["*"]}]}
                """.formatted(ABC_SHA256.toUpperCase(Locale.ROOT))));

        assertEquals("importer", verifier.verify("abc").orElseThrow().subject());
    }

    @Test
    void anEmptyListAdmitsNobody() throws Exception {
        assertEquals(Optional.empty(), TokensFileVerifier.load(write("{\"tokens\": []}")).verify("abc"));
    }

    @Test
    void theHashIsTheLowercaseHexSha256OfTheUtf8Token() throws Exception {
        assertEquals(ABC_SHA256, TokensFileVerifier.hash("abc"));
        String token = "tøkén-☃";
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, TokensFileVerifier.hash(token));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "hash too short   | {\"tokens\":[{\"sha256\":\"abcd\",\"subject\":\"s\",\"organizations\":[\"org_1\"],\"permissions\":[\"*\"]}]}"
                + " | tokens[0].sha256 must be 64 hex digits",
        "hash not hex     | {\"tokens\":[{\"sha256\":\"" + "zz" + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015\","
                + "\"subject\":\"s\",\"organizations\":[\"org_1\"],\"permissions\":[\"*\"]}]} | tokens[0].sha256 must be 64 hex digits",
        "subject missing  | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"organizations\":[\"org_1\"],\"permissions\":[\"*\"]}]}"
                + " | tokens[0].subject is missing",
        "subject empty    | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\" \",\"organizations\":[\"org_1\"],"
                + "\"permissions\":[\"*\"]}]} | tokens[0].subject must not be empty",
        "subject a number | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":7,\"organizations\":[\"org_1\"],"
                + "\"permissions\":[\"*\"]}]} | tokens[0].subject must be a string",
        "unknown field    | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"s\",\"organizations\":[\"org_1\"],"
                + "\"permissions\":[\"*\"],\"token\":\"abc\"}]} | tokens[0] has unknown field 'token'",
        "unknown top key  | {\"tokens\":[],\"version\":1} | has unknown field 'version'",
        "no tokens list   | {\"tokens\":{}} | needs \"tokens\": a list",
        "entry not object | {\"tokens\":[\"abc\"]} | tokens[0] must be an object",
        "orgs not strings | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"s\",\"organizations\":[1],"
                + "\"permissions\":[\"*\"]}]} | tokens[0].organizations must be a list of strings",
        "orgs empty       | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"s\",\"organizations\":[],"
                + "\"permissions\":[\"*\"]}]} | tokens[0].organizations must not be empty",
        "org malformed    | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"s\",\"organizations\":[\"o\"],"
                + "\"permissions\":[\"*\"]}]} | tokens[0].organizations holds 'o', not an organization id",
        "perms missing    | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"s\",\"organizations\":[\"org_1\"]}]}"
                + " | tokens[0].permissions is missing",
        "perm unknown     | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"s\",\"organizations\":[\"org_1\"],"
                + "\"permissions\":[\"base.bulk.management.lsit\"]}]} | holds unknown permission 'base.bulk.management.lsit'",
        "hash repeated    | {\"tokens\":[{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"a\",\"organizations\":[\"org_1\"],"
                + "\"permissions\":[\"*\"]},{\"sha256\":\"" + ABC_SHA256 + "\",\"subject\":\"b\",\"organizations\":[\"org_1\"],"
                + "\"permissions\":[\"*\"]}]} | tokens[1].sha256 repeats the hash of tokens[0]",
        "not JSON         | tokens: [] | is not a JSON object: invalid JSON at line 1, column",
        "JSON array       | [] | is not a JSON object: the body must be a JSON object",
        "duplicate key    | {\"tokens\":[],\"tokens\":[]} | is not a JSON object: invalid JSON",
        "empty file       | `` | is not a JSON object",
    })
    void aMalformedFileIsRefusedNamingTheFileTheEntryAndTheRule(String name, String content, String expected)
            throws Exception {
        Path file = write(content);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokensFileVerifier.load(file));

        assertTrue(e.getMessage().startsWith("tokens file " + file + ": ")
                || e.getMessage().startsWith("tokens file " + file + " is not a JSON object: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path missing = dir.resolve("missing.json");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TokensFileVerifier.load(missing));

        assertEquals("cannot read tokens file " + missing + ": no such file", e.getMessage());
    }

    private Path write(String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "tokens", ".json"), content);
    }
}
