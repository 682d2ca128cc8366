package dev.importjobs.core.model;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityTest {

    @Test
    void wireNamesAreErrorWarningSkip() {
        assertEquals(List.of("error", "warning", "skip"), Stream.of(Severity.values()).map(Severity::wireName).toList());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"error, ERROR", "ERROR, ERROR", "Error, ERROR", "warning, WARNING", "WARNING, WARNING",
        "wArNiNg, WARNING", "skip, SKIP", "SKIP, SKIP", "Skip, SKIP"})
    void parseIsCaseInsensitive(String input, Severity expected) {
        assertSame(expected, Severity.parse("severity", input));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "warn", "errors", "skipped", " error", "error ", "info", "fatal", "err-or"})
    @NullSource
    void parseRejectsAnythingElseNamingTheField(String input) {
        assertViolations(() -> Severity.parse("errors[3].severity", input),
                violation("errors[3].severity", "must be one of error, warning, skip"));
    }

    @Test
    void aLineErrorWithoutSeverityIsAnError() {
        assertSame(Severity.ERROR, new LineError(4, null, null, null, "bad", null).severity());
        assertSame(Severity.SKIP, new LineError(4, Severity.SKIP, null, null, "bad", null).severity());
        assertEquals(new LineError(7, Severity.ERROR, null, null, "msg", null), LineError.error(7, "msg"));
    }
}
