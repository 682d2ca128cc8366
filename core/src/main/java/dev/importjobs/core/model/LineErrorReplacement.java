package dev.importjobs.core.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * New line errors for the severities they replace: an update replaces the stored lines of exactly
 * these severities (style A's {@code errorReport} names all three, style B's {@code report.erroredLines}
 * only {@code error}).
 */
public record LineErrorReplacement(Set<Severity> severities, List<LineError> lines) {
    public static final Set<Severity> ALL = Set.copyOf(EnumSet.allOf(Severity.class));

    public LineErrorReplacement {
        severities = Set.copyOf(severities);
        lines = List.copyOf(lines);
    }

    /** A list that replaces every stored line error. */
    public static LineErrorReplacement all(List<LineError> lines) {
        return new LineErrorReplacement(ALL, lines);
    }

    public boolean replacesAll() {
        return severities.containsAll(ALL);
    }
}
