package dev.importjobs.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ImportJobsExceptionTest {

    @Test
    void oneViolationIsTheMessageItself() {
        ImportJobsException e = ImportJobsException.validation("file.originalName", "is required");
        assertEquals(ErrorCode.VALIDATION, e.code());
        assertEquals("file.originalName: is required", e.getMessage());
        assertEquals(List.of(new FieldViolation("file.originalName", "is required")), e.details());
    }

    @Test
    void severalViolationsAreCountedAndNamedInOrder() {
        List<FieldViolation> violations = List.of(new FieldViolation("page", "bad"), new FieldViolation("limit", "bad"),
                new FieldViolation("sort", "bad"));
        ImportJobsException e = ImportJobsException.validation(violations);
        assertEquals("3 fields are invalid: page, limit, sort", e.getMessage());
        assertEquals(violations, e.details());
    }

    @Test
    void aFieldViolatedTwiceIsCountedOnce() {
        ImportJobsException e = ImportJobsException.validation(List.of(new FieldViolation("page", "out of range"),
                new FieldViolation("limit", "out of range"), new FieldViolation("page", "not with cursor")));
        assertEquals("2 fields are invalid: page, limit", e.getMessage());
        assertEquals(3, e.details().size());
    }

    @Test
    void oneFieldViolatedTwiceShowsBothRules() {
        ImportJobsException e = ImportJobsException.validation(List.of(new FieldViolation("page", "out of range"),
                new FieldViolation("page", "not with cursor")));
        assertEquals("page: out of range; not with cursor", e.getMessage());
        assertEquals(2, e.details().size());
    }

    @Test
    void theDetailsAreAnUnmodifiableCopy() {
        List<FieldViolation> given = new ArrayList<>(List.of(new FieldViolation("a", "b")));
        ImportJobsException e = new ImportJobsException(ErrorCode.VALIDATION, "m", given);
        given.add(new FieldViolation("c", "d"));
        assertEquals(List.of(new FieldViolation("a", "b")), e.details());
        assertThrows(UnsupportedOperationException.class, () -> e.details().add(new FieldViolation("x", "y")));
    }

    @Test
    void otherErrorsCarryNoDetails() {
        ImportJobsException notFound = ImportJobsException.notFound();
        assertEquals(ErrorCode.JOB_NOT_FOUND, notFound.code());
        assertEquals("Entity not found", notFound.getMessage());
        assertEquals(List.of(), notFound.details());
        ImportJobsException notWritable = ImportJobsException.notWritable("job is completed");
        assertEquals(ErrorCode.JOB_NOT_WRITABLE, notWritable.code());
        assertEquals("job is completed", notWritable.getMessage());
        assertEquals(List.of(), new ImportJobsException(ErrorCode.INTERNAL, "Internal error").details());
    }

    @Test
    void aCodeIsRequiredAndSoAreAViolationsFieldAndMessage() {
        assertThrows(NullPointerException.class, () -> new ImportJobsException(null, "m"));
        assertThrows(NullPointerException.class, () -> new FieldViolation(null, "m"));
        assertThrows(NullPointerException.class, () -> new FieldViolation("f", null));
    }

    @Test
    void everyCodeHasItsContractNumber() {
        Map<String, Integer> numbers = Stream.of(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::name, ErrorCode::code));
        assertEquals(Map.ofEntries(
                Map.entry("VALIDATION", 1000), Map.entry("MALFORMED_BODY", 1001),
                Map.entry("UNSUPPORTED_MEDIA_TYPE", 1002), Map.entry("BODY_TOO_LARGE", 1003),
                Map.entry("ROUTE_NOT_FOUND", 1004), Map.entry("METHOD_NOT_ALLOWED", 1005),
                Map.entry("TOO_MANY_STREAMS", 1006),
                Map.entry("JOB_NOT_FOUND", 3001), Map.entry("VERSION_CONFLICT", 3002),
                Map.entry("IDEMPOTENCY_CONFLICT", 3003), Map.entry("TRANSITION_NOT_ALLOWED", 3004),
                Map.entry("JOB_NOT_WRITABLE", 3005), Map.entry("NO_TOKEN", 4002), Map.entry("FORBIDDEN", 4003),
                Map.entry("INVALID_TOKEN", 4004), Map.entry("INTERNAL", 5000),
                Map.entry("SERVICE_UNAVAILABLE", 5003)), numbers);
    }
}
