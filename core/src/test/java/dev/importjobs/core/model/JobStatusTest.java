package dev.importjobs.core.model;

import static dev.importjobs.core.error.ErrorAssertions.assertFails;
import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStatusTest {
    private static final String VALID_VALUES = "must be one of pending, created, inProgress, completed, failed, cancelled";

    /**
     * docs/model.md#status-and-time, written out by hand: row = from, column = to, in the order pending, created,
     * inProgress, completed, failed, cancelled. The diagonal (a status to itself) is the no-op.
     */
    private static final String[] TRANSITIONS = {
        //          pend crea inPr comp fail canc
        "pending    Y    Y    Y    N    Y    Y",
        "created    Y    Y    Y    N    Y    Y",
        "inProgress N    N    Y    Y    Y    Y",
        "completed  N    N    N    Y    N    N",
        "failed     N    N    Y    N    Y    N",
        "cancelled  N    N    N    N    N    Y",
    };
    private static final List<String> ORDER =
            List.of("pending", "created", "inProgress", "completed", "failed", "cancelled");

    @Test
    void everyStatusIsWrittenInItsCanonicalSpelling() {
        Map<JobStatus, String> wire = Stream.of(JobStatus.values())
                .collect(Collectors.toMap(s -> s, JobStatus::wireName));
        assertEquals(Map.of(JobStatus.PENDING, "pending", JobStatus.CREATED, "created",
                JobStatus.IN_PROGRESS, "inProgress", JobStatus.COMPLETED, "completed",
                JobStatus.FAILED, "failed", JobStatus.CANCELLED, "cancelled"), wire);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "pending, pending", "PENDING, pending", "Pending, pending", "_pending-, pending",
        "created, created", "CREATED, created", "cReAtEd, created",
        "inProgress, inProgress", "IN_PROGRESS, inProgress", "in-progress, inProgress", "InProgress, inProgress",
        "in_progress, inProgress", "INPROGRESS, inProgress", "In-_-Progress, inProgress", "inprogress, inProgress",
        "completed, completed", "COMPLETED, completed",
        "failed, failed", "FAILED, failed", "Failed, failed",
        "cancelled, cancelled", "CANCELLED, cancelled",
        "ACTIVE, inProgress", "active, inProgress", "Active, inProgress", "ACT_IVE, inProgress",
        "CANCELED, cancelled", "canceled, cancelled", "Canceled, cancelled",
    })
    void parseIsForgivingAndAnswersTheCanonicalStatus(String input, String canonical) {
        assertEquals(canonical, JobStatus.parse("status", input).wireName());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "in progress", " pending", "pending ", "done", "cancel", "activ", "actived",
        "pendingx", "null", "inProgres", "completed.", "in.progress", "ÍNPROGRESS", "0", "pending,created"})
    @NullSource
    void parseRejectsAnythingElseListingEveryValidValue(String input) {
        ImportJobsException e = assertViolations(() -> JobStatus.parse("filter.status", input),
                violation("filter.status", VALID_VALUES));
        assertEquals("filter.status: " + VALID_VALUES, e.getMessage());
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (int from = 0; from < ORDER.size(); from++) {
            String[] cells = TRANSITIONS[from].trim().split("\\s+");
            assertEquals(ORDER.get(from), cells[0], "table row order");
            for (int to = 0; to < ORDER.size(); to++) {
                pairs.add(Arguments.of(ORDER.get(from), ORDER.get(to), cells[to + 1].equals("Y")));
            }
        }
        return pairs.stream();
    }

    @Test
    void theExpectedTableCoversAllThirtySixPairsWithEighteenAllowed() {
        List<Arguments> pairs = everyPair().toList();
        assertEquals(36, pairs.size());
        assertEquals(18, pairs.stream().filter(a -> (Boolean) a.get()[2]).count());
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void canMoveToFollowsTheContractTable(String from, String to, boolean allowed) {
        assertEquals(allowed, JobStatus.fromWireName(from).canMoveTo(JobStatus.fromWireName(to)));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void requireCanMoveToRefusesDisallowedTransitionsNamingBothStatuses(String from, String to, boolean allowed) {
        JobStatus current = JobStatus.fromWireName(from);
        JobStatus next = JobStatus.fromWireName(to);
        if (allowed) {
            assertDoesNotThrow(() -> current.requireCanMoveTo(next));
        } else {
            ImportJobsException e = assertFails(ErrorCode.TRANSITION_NOT_ALLOWED, () -> current.requireCanMoveTo(next));
            assertEquals("status cannot change from " + from + " to " + to, e.getMessage());
            assertEquals(List.of(), e.details());
        }
    }

    @Test
    void onlyCompletedAndCancelledAreFinal() {
        assertEquals(EnumSet.of(JobStatus.COMPLETED, JobStatus.CANCELLED),
                Stream.of(JobStatus.values()).filter(JobStatus::isFinal)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(JobStatus.class))));
    }

    @Test
    void completedFailedAndCancelledAreTerminal() {
        assertEquals(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED),
                Stream.of(JobStatus.values()).filter(JobStatus::isTerminal)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(JobStatus.class))));
    }

    @Test
    void aJobStartsAsPendingCreatedOrInProgress() {
        assertEquals(Set.of(JobStatus.PENDING, JobStatus.CREATED, JobStatus.IN_PROGRESS), JobStatus.INITIAL);
    }

    @Test
    void fromWireNameReadsOnlyTheExactCanonicalSpelling() {
        for (JobStatus status : JobStatus.values()) {
            assertSame(status, JobStatus.fromWireName(status.wireName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobStatus.fromWireName("IN_PROGRESS"));
        assertEquals("not a status: IN_PROGRESS", e.getMessage());
    }
}
