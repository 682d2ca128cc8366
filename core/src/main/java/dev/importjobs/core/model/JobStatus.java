package dev.importjobs.core.model;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The lifecycle of a job (docs/model.md#status-and-time). Written canonically ({@link #wireName()}) on every output. */
public enum JobStatus {
    PENDING("pending"),
    CREATED("created"),
    IN_PROGRESS("inProgress"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    /** The statuses a job may be created in. */
    public static final Set<JobStatus> INITIAL = EnumSet.of(PENDING, CREATED, IN_PROGRESS);

    private static final String VALID_VALUES = Arrays.stream(values())
            .map(JobStatus::wireName).collect(Collectors.joining(", "));

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The canonical spelling: {@code pending}, {@code inProgress}, … */
    public String wireName() {
        return wireName;
    }

    /** {@code completed} and {@code cancelled} take no further change. */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** Whether entering this status stamps {@code completedAt}. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether a job in this status may move to {@code next}; a status to itself is always allowed. */
    public boolean canMoveTo(JobStatus next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case PENDING, CREATED -> next != COMPLETED;
            case IN_PROGRESS -> next == COMPLETED || next == FAILED || next == CANCELLED;
            case FAILED -> next == IN_PROGRESS;
            case COMPLETED, CANCELLED -> false;
        };
    }

    /** Throws a 3004 naming both statuses unless {@link #canMoveTo} allows it. */
    public void requireCanMoveTo(JobStatus next) {
        if (!canMoveTo(next)) {
            throw new ImportJobsException(ErrorCode.TRANSITION_NOT_ALLOWED,
                    "status cannot change from " + wireName + " to " + next.wireName);
        }
    }

    /**
     * Reads a status forgivingly: case-insensitive, {@code _} and {@code -} ignored, and the aliases
     * {@code ACTIVE} (style A's own example) and {@code CANCELED}.
     *
     * @param field the field name to report when the value is not a status
     */
    public static JobStatus parse(String field, String input) {
        if (input != null) {
            String folded = input.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
            for (JobStatus status : values()) {
                if (status.wireName.toLowerCase(Locale.ROOT).equals(folded)) {
                    return status;
                }
            }
            if (folded.equals("active")) {
                return IN_PROGRESS;
            }
            if (folded.equals("canceled")) {
                return CANCELLED;
            }
        }
        throw ImportJobsException.validation(field, "must be one of " + VALID_VALUES);
    }

    /** The canonical status with this exact wire name, for stores reading their own rows. */
    public static JobStatus fromWireName(String wireName) {
        for (JobStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("not a status: " + wireName);
    }
}
