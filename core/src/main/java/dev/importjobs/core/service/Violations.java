package dev.importjobs.core.service;

import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Organizations;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every broken field rule of a request before failing, so a client fixes all fields in one
 * round trip. The rules are those of docs/model.md, phrased the same way for every field.
 */
final class Violations {
    private final List<FieldViolation> found = new ArrayList<>();

    void add(String field, String message) {
        found.add(new FieldViolation(field, message));
    }

    /** Throws a validation error naming every violation, if there is any. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw ImportJobsException.validation(found);
        }
    }

    /** A required string: present, {@code min..max} characters, free of controls when asked. */
    void required(String field, String value, int min, int max, boolean noControls) {
        if (value == null) {
            add(field, "is required");
        } else {
            optional(field, value, min, max, noControls);
        }
    }

    /** An optional string: when present, {@code min..max} characters, free of controls when asked. */
    void optional(String field, String value, int min, int max, boolean noControls) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            add(field, min == 0 ? "must be at most " + max + " characters" : "must be " + min + ".." + max + " characters");
        } else if (noControls && value.codePoints().anyMatch(Character::isISOControl)) {
            add(field, "must not contain control characters");
        } else {
            noNul(field, value);
        }
    }

    /**
     * No text a store keeps may hold U+0000: PostgreSQL's {@code text} cannot, so one store would fail on what
     * another keeps (docs/model.md#the-job). Refused on every store alike, before any is asked.
     */
    void noNul(String field, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            add(field, "must not contain the character U+0000 (NUL)");
        }
    }

    void optional(String field, String value, int max) {
        optional(field, value, 0, max, false);
    }

    void nonNegative(String field, Number value) {
        if (value != null && value.longValue() < 0) {
            add(field, "must be >= 0");
        }
    }

    /** 1..255 printable ASCII characters (space through tilde). */
    void idempotencyKey(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.length() > 255) {
            add(field, "must be 1..255 characters");
        } else if (value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            add(field, "must be printable ASCII");
        }
    }

    void organizationId(String organizationId) {
        if (organizationId == null) {
            add("organizationId", "is required");
        } else if (!Organizations.isValid(organizationId)) {
            add("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$");
        }
    }

    void createdBy(CreatedBy createdBy, boolean idRequired) {
        if (idRequired) {
            required("createdBy.id", createdBy.id(), 1, CreatedBy.MAX_ID, true);
        } else {
            optional("createdBy.id", createdBy.id(), 1, CreatedBy.MAX_ID, true);
        }
        optional("createdBy.email", createdBy.email(), CreatedBy.MAX_PROFILE_FIELD);
        optional("createdBy.firstName", createdBy.firstName(), CreatedBy.MAX_PROFILE_FIELD);
        optional("createdBy.lastName", createdBy.lastName(), CreatedBy.MAX_PROFILE_FIELD);
        optional("createdBy.fullName", createdBy.fullName(), CreatedBy.MAX_PROFILE_FIELD);
        optional("createdBy.picture", createdBy.picture(), CreatedBy.MAX_PROFILE_FIELD);
    }

    void file(FileInfo file, boolean nameRequired) {
        if (nameRequired) {
            required("file.originalName", file.originalName(), 1, FileInfo.MAX_NAME, true);
        } else {
            optional("file.originalName", file.originalName(), 1, FileInfo.MAX_NAME, true);
        }
        optional("file.mimetype", file.mimetype(), FileInfo.MAX_META);
        nonNegative("file.size", file.size());
        optional("file.bucket", file.bucket(), FileInfo.MAX_META);
        optional("file.key", file.key(), FileInfo.MAX_META);
        optional("file.location", file.location(), FileInfo.MAX_META);
        optional("file.region", file.region(), FileInfo.MAX_META);
        optional("file.storageProviderId", file.storageProviderId(), FileInfo.MAX_META);
        optional("file.checksum", file.checksum(), FileInfo.MAX_META);
    }

    /** Checks a list of line errors, reporting each under {@code path[i]}. */
    void lineErrors(String path, List<LineError> lines) {
        for (int i = 0; i < lines.size(); i++) {
            LineError line = lines.get(i);
            String at = path + "[" + i + "]";
            if (line == null) {
                add(at, "must be a line error");
                continue;
            }
            if (line.line() < 0) {
                add(at + ".line", "must be >= 0");
            }
            optional(at + ".column", line.column(), LineError.MAX_COLUMN);
            optional(at + ".code", line.code(), LineError.MAX_CODE);
            required(at + ".message", line.message(), 1, LineError.MAX_MESSAGE, false);
            optional(at + ".value", line.value(), LineError.MAX_VALUE);
        }
    }
}
