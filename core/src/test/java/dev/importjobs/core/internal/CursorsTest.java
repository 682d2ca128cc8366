package dev.importjobs.core.internal;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.spi.KeysetPosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsTest {
    private static final FieldViolation INVALID = violation("cursor",
            "is not a cursor of this listing: pass back nextCursor unchanged, with the same sort and filters");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    private static final String ID = "6553f1000123456789abcdef";

    private static byte[] secret(int length, int seed) {
        byte[] secret = new byte[length];
        for (int i = 0; i < length; i++) {
            secret[i] = (byte) (seed + 31 * i);
        }
        return secret;
    }

    private final Cursors cursors = new Cursors(secret(32, 1));
    private final String fingerprint = Cursors.fingerprint("org_123", Sort.DEFAULT, JobFilter.ALL);

    static Stream<Arguments> positions() {
        return Stream.of(
                Arguments.of(null, ID),
                Arguments.of(0L, ID),
                Arguments.of(-1L, ID),
                Arguments.of(1_704_067_200_000L, "000000000000000000000000"),
                Arguments.of(Long.MIN_VALUE, ID),
                Arguments.of(Long.MAX_VALUE, "ffffffffffffffffffffffff"),
                Arguments.of("", ID),
                Arguments.of("items.csv", ID),
                Arguments.of("a|b|c", ID),
                Arguments.of("123", ID),
                Arguments.of("l123", ID),
                Arguments.of("n", ID),
                Arguments.of("ünïcødé 😀 \uFFFF", ID),
                Arguments.of("line\nbreak.and=dots", ID),
                Arguments.of("x".repeat(2000), ID));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("positions")
    void aCursorDecodesToThePositionItWasMadeFrom(Object key, String id) {
        KeysetPosition position = new KeysetPosition(key, id);
        String cursor = cursors.encode(fingerprint, position);
        KeysetPosition decoded = cursors.decode(fingerprint, cursor);
        assertEquals(position, decoded);
        if (key != null) {
            assertInstanceOf(key.getClass(), decoded.key());
        } else {
            assertNull(decoded.key());
        }
        assertTrue(cursor.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "URL-safe: " + cursor);
    }

    @Test
    void aCursorIsBoundToItsOrganizationSortAndFilter() {
        String cursor = cursors.encode(fingerprint, new KeysetPosition(5L, ID));
        List<String> others = List.of(
                Cursors.fingerprint("org_124", Sort.DEFAULT, JobFilter.ALL),
                Cursors.fingerprint("org_123", Sort.parse("createdAt:asc"), JobFilter.ALL),
                Cursors.fingerprint("org_123", Sort.parse("updatedAt:desc"), JobFilter.ALL),
                Cursors.fingerprint("org_123", Sort.DEFAULT, new JobFilter(Set.of(JobStatus.FAILED), null, null)),
                Cursors.fingerprint("org_123", Sort.DEFAULT, new JobFilter(Set.of(), "users", null)),
                Cursors.fingerprint("org_123", Sort.DEFAULT, new JobFilter(Set.of(), null, "user_1")),
                "");
        for (String other : others) {
            assertNotEquals(fingerprint, other);
            assertViolations(() -> cursors.decode(other, cursor), INVALID);
        }
    }

    @Test
    void equivalentParametersHaveTheSameFingerprint() {
        assertEquals(Cursors.fingerprint("org_123", Sort.parse("importScope"), JobFilter.ALL),
                Cursors.fingerprint("org_123", Sort.parse("action:asc"), JobFilter.ALL));
        assertEquals(Cursors.fingerprint("org_123", Sort.parse(""), JobFilter.ALL),
                Cursors.fingerprint("org_123", Sort.parse("createdAt:desc"), new JobFilter(null, null, null)));
        assertEquals(
                Cursors.fingerprint("org_123", Sort.DEFAULT,
                        new JobFilter(JobFilter.parseStatuses("failed,ACTIVE"), null, null)),
                Cursors.fingerprint("org_123", Sort.DEFAULT,
                        new JobFilter(JobFilter.parseStatuses("inProgress,failed"), null, null)));
    }

    @Test
    void everySingleCharacterChangeOfACursorIsRefused() {
        for (Object key : Arrays.asList(5L, "items.csv", null)) {
            String cursor = cursors.encode(fingerprint, new KeysetPosition(key, ID));
            int refused = 0;
            for (int i = 0; i < cursor.length(); i++) {
                for (char c : ALPHABET.toCharArray()) {
                    if (c == cursor.charAt(i)) {
                        continue;
                    }
                    String tampered = cursor.substring(0, i) + c + cursor.substring(i + 1);
                    assertViolations(() -> cursors.decode(fingerprint, tampered), INVALID);
                    refused++;
                }
                String deleted = cursor.substring(0, i) + cursor.substring(i + 1);
                assertViolations(() -> cursors.decode(fingerprint, deleted), INVALID);
                refused++;
            }
            assertEquals(cursor.length() * ALPHABET.length(), refused);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"A", "AA", "=", "==", "A=", "AA==", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void appendingToACursorIsRefused(String suffix) {
        String cursor = cursors.encode(fingerprint, new KeysetPosition(5L, ID));
        assertViolations(() -> cursors.decode(fingerprint, cursor + suffix), INVALID);
        assertViolations(() -> cursors.decode(fingerprint, suffix + cursor), INVALID);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", ".", "..", "abc", "abc.def", "a.b.c", "%%%", "====", " ", "null", "undefined",
        "MXw.", ".AAAAAAAAAAAAAAAAAAAAAA", "not a cursor", "eyJwYWdlIjoyfQ", "eyJwYWdlIjoyfQ.",
        "MXw2NTUzZjEwMDAxMjM0NTY3ODlhYmNkZWZ8bDU.AAAAAAAAAAAAAAAAAAAAAA", "\u0000.\u0000", "😀.😀"})
    void garbageIsRefused(String garbage) {
        assertViolations(() -> cursors.decode(fingerprint, garbage), INVALID);
    }

    @Test
    void aCursorOfAnotherKeyIsRefusedAndOneOfTheSameKeyIsAccepted() {
        KeysetPosition position = new KeysetPosition(5L, ID);
        String foreign = new Cursors(secret(32, 2)).encode(fingerprint, position);
        assertViolations(() -> cursors.decode(fingerprint, foreign), INVALID);
        String random = randomCursors().encode(fingerprint, position);
        assertViolations(() -> cursors.decode(fingerprint, random), INVALID);
        assertViolations(() -> randomCursors().decode(fingerprint, random), INVALID);

        String sibling = new Cursors(secret(32, 1)).encode(fingerprint, position);
        assertEquals(position, cursors.decode(fingerprint, sibling));
    }

    @Test
    void aSecretNeedsAtLeastSixteenBytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Cursors(secret(15, 1)));
        assertEquals("a cursor secret needs at least 16 bytes", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cursors(new byte[0]));
        assertDoesNotThrow(() -> new Cursors(secret(16, 1)));
    }

    @Test
    void theSecretIsCopiedSoChangingTheCallersArrayChangesNothing() {
        byte[] secret = secret(16, 9);
        Cursors own = new Cursors(secret);
        KeysetPosition position = new KeysetPosition("k", ID);
        String before = own.encode(fingerprint, position);
        Arrays.fill(secret, (byte) 0);
        assertEquals(before, own.encode(fingerprint, position));
        assertEquals(position, own.decode(fingerprint, before));
    }

    // ---- bodies signed with the right key but not made by encode

    private static String sign(byte[] secret, String fingerprint, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update(fingerprint.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] full = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(Arrays.copyOf(full, 16));
    }

    @Test
    void aBodySignedWithTheSameKeyIsReadLikeOneEncodeMade() throws Exception {
        String cursor = sign(secret(32, 1), fingerprint, "1|" + ID + "|l42");
        assertEquals(new KeysetPosition(42L, ID), cursors.decode(fingerprint, cursor));
        assertEquals(cursors.encode(fingerprint, new KeysetPosition(42L, ID)), cursor);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"2|6553f1000123456789abcdef|l42", "|6553f1000123456789abcdef|l42",
        "1|6553F1000123456789ABCDEF|l42", "1|6553f1000123456789abcde|l42", "1||l42", "1|6553f1000123456789abcdef|",
        "1|6553f1000123456789abcdef|x42", "1|6553f1000123456789abcdef|l", "1|6553f1000123456789abcdef|l4x2",
        "1|6553f1000123456789abcdef|l99999999999999999999", "1|6553f1000123456789abcdef", "1", ""})
    void aSignedBodyThatIsNotAPositionIsRefused(String body) throws Exception {
        String cursor = sign(secret(32, 1), fingerprint, body);
        assertViolations(() -> cursors.decode(fingerprint, cursor), INVALID);
    }

    @Test
    void aKeysetPositionTakesOnlyLongStringOrNullKeysAndNeedsAnId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeysetPosition(5, ID));
        assertEquals("a sort key is a Long, a String or null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KeysetPosition(1.5, ID));
        assertThrows(NullPointerException.class, () -> new KeysetPosition(5L, null));
        assertEquals(List.of(3L, "s"), IntStream.of(0, 1)
                .mapToObj(i -> new KeysetPosition(i == 0 ? 3L : "s", ID).key()).toList());
    }

    private static Cursors randomCursors() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return new Cursors(secret);
    }
}
