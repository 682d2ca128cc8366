package dev.importjobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The jobs of a listing dataset, as a pure function of the dataset size, so every competitor's database
 * holds the same jobs. Organizations {@code org_n10}, {@code org_n100}, … hold exactly that many jobs (every
 * power of ten up to a tenth of the database); the rest sit in filler organizations of 1,000. Jobs of all
 * organizations are interleaved in time, as they would be in a shared database.
 */
final class SyntheticJobs {
    /** 2025-01-01T00:00:00Z; jobs are created 30 s apart from here. */
    static final long EPOCH_MILLIS = 1_735_689_600_000L;
    static final long CREATED_EVERY_MILLIS = 30_000;
    /** Failed jobs carry this many line errors, so listings of them show the per-item line-error preview. */
    static final int LINE_ERRORS_OF_FAILED = 2;
    private static final int FILLER_ORG_SIZE = 1000;

    private final int total;
    private final List<String> organizations = new ArrayList<>();
    private final int[] organizationOf;

    SyntheticJobs(int total) {
        if (total < 100) {
            throw new IllegalArgumentException("a dataset needs at least 100 jobs, got " + total);
        }
        this.total = total;
        List<Integer> sizes = new ArrayList<>();
        int placed = 0;
        for (long size = 10; size <= total / 10; size *= 10) {
            organizations.add(organization((int) size));
            sizes.add((int) size);
            placed += (int) size;
        }
        for (int filler = 0; placed < total; filler++) {
            int size = Math.min(FILLER_ORG_SIZE, total - placed);
            organizations.add("org_f" + filler);
            sizes.add(size);
            placed += size;
        }
        organizationOf = new int[total];
        int at = 0;
        for (int org = 0; org < sizes.size(); org++) {
            for (int k = 0; k < sizes.get(org); k++) {
                organizationOf[at++] = org;
            }
        }
        Random random = new Random(42); // fixed: the same dataset every time
        for (int i = total - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = organizationOf[i];
            organizationOf[i] = organizationOf[j];
            organizationOf[j] = swap;
        }
    }

    /** The organization holding exactly {@code size} jobs (a power of ten, at most a tenth of the dataset). */
    static String organization(int size) {
        return "org_n" + size;
    }

    void requireOrganizationOfSize(int size) {
        if (!organizations.contains(organization(size))) {
            throw new IllegalArgumentException("a dataset of " + total + " jobs has no organization of " + size
                    + " jobs; sizes are powers of ten from 10 to a tenth of the dataset");
        }
    }

    int total() {
        return total;
    }

    String organizationOf(int i) {
        return organizations.get(organizationOf[i]);
    }

    static long createdAt(int i) {
        return EPOCH_MILLIS + i * CREATED_EVERY_MILLIS;
    }

    /** 24 lowercase hex, the first 8 the creation second: well-formed and time-ordered like real ids. */
    static String id(int i) {
        return String.format("%08x%016x", createdAt(i) / 1000, i);
    }

    /** 70% completed, 10% failed, 10% in progress, 5% pending, 5% cancelled. */
    static String status(int i) {
        int slot = i % 20;
        if (slot < 14) {
            return "completed";
        }
        return switch (slot) {
            case 14, 15 -> "failed";
            case 16, 17 -> "inProgress";
            case 18 -> "pending";
            default -> "cancelled";
        };
    }

    static String action(int i) {
        return switch (i % 3) {
            case 0 -> "import-items";
            case 1 -> "import-users";
            default -> null;
        };
    }

    static String createdBy(int i) {
        return "user_" + (i % 50);
    }

    static String fileName(int i) {
        return "upload-" + i + ".csv";
    }

    static long totalRows(int i) {
        return 1000 + (i % 9000);
    }

    static long processedRows(int i) {
        long total = totalRows(i);
        return switch (status(i)) {
            case "completed" -> total;
            case "failed" -> total / 2;
            case "inProgress" -> total / 3;
            case "cancelled" -> total / 4;
            default -> 0;
        };
    }

    static long errorCount(int i) {
        return status(i).equals("failed") ? LINE_ERRORS_OF_FAILED + i % 5 : i % 7 == 0 ? 1 : 0;
    }

    static long successCount(int i) {
        return processedRows(i) - errorCount(i) < 0 ? 0 : processedRows(i) - errorCount(i);
    }

    static long insertCount(int i) {
        return successCount(i) * 2 / 3;
    }

    static long updateCount(int i) {
        return successCount(i) - insertCount(i);
    }

    /** Chunks of 500 rows: the index of the last one processed, or null before the first. */
    static Long lastChunk(int i) {
        long processed = processedRows(i);
        return processed == 0 ? null : (processed - 1) / 500;
    }

    static Long startedAt(int i) {
        return status(i).equals("pending") ? null : createdAt(i) + 1_000;
    }

    static Long completedAt(int i) {
        return switch (status(i)) {
            case "completed", "failed", "cancelled" -> createdAt(i) + 60_000 + (i % 600) * 1000L;
            default -> null;
        };
    }

    static long updatedAt(int i) {
        Long completed = completedAt(i);
        if (completed != null) {
            return completed;
        }
        Long started = startedAt(i);
        return started != null ? started + 20_000 : createdAt(i);
    }

    static int lineErrors(int i) {
        return status(i).equals("failed") ? LINE_ERRORS_OF_FAILED : 0;
    }
}
