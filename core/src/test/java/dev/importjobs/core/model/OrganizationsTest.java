package dev.importjobs.core.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationsTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"org_123", "abc", "ABC", "a-b", "a_b", "0123", "___", "---", "Org-42_x"})
    void lettersDigitsUnderscoreAndDashAreValid(String id) {
        assertTrue(Organizations.isValid(id));
    }

    @Test
    void lengthIsThreeToOneHundredTwentyEight() {
        assertTrue(Organizations.isValid("a".repeat(3)));
        assertTrue(Organizations.isValid("a".repeat(128)));
        assertFalse(Organizations.isValid("a".repeat(2)));
        assertFalse(Organizations.isValid("a".repeat(129)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "ab", "org 123", "org.123", "org/123", "org:1", "örg", "org_123\n", "\norg_123",
        "org\u0000", "org+1", "org@x"})
    @NullSource
    void anythingElseIsInvalid(String id) {
        assertFalse(Organizations.isValid(id));
    }
}
