package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;
import java.util.List;

/** The jobs of one {@link JobListing} and how many jobs match its filter in all. */
public record JobSlice(List<ImportJob> items, long totalDocs) {
    public JobSlice {
        items = List.copyOf(items);
    }
}
