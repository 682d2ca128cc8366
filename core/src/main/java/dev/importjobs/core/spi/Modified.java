package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;

/** A job after a {@link JobStore#modify}, read in the same transaction, and the modification's answer. */
public record Modified<R>(ImportJob job, R result) {
}
