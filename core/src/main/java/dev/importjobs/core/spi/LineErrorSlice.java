package dev.importjobs.core.spi;

import dev.importjobs.core.model.LineError;
import java.util.List;

/** Some line errors of a job and how many match in all. */
public record LineErrorSlice(List<LineError> items, long total) {
    public LineErrorSlice {
        items = List.copyOf(items);
    }
}
