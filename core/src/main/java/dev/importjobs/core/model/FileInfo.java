package dev.importjobs.core.model;


/**
 * The imported file: its original name (required on create) and optional storage metadata. In a
 * patch, a {@code null} field means "leave unchanged".
 */
public record FileInfo(String originalName, String mimetype, Long size, String bucket, String key,
        String location, String region, String storageProviderId, String checksum) {
    public static final int MAX_NAME = 1024;
    public static final int MAX_META = 2048;

    public static FileInfo named(String originalName) {
        return new FileInfo(originalName, null, null, null, null, null, null, null, null);
    }

    /** This file with every non-null field of {@code patch} laid over it. */
    public FileInfo merge(FileInfo patch) {
        if (patch == null) {
            return this;
        }
        return new FileInfo(CreatedBy.pick(patch.originalName, originalName),
                CreatedBy.pick(patch.mimetype, mimetype), CreatedBy.pick(patch.size, size),
                CreatedBy.pick(patch.bucket, bucket), CreatedBy.pick(patch.key, key),
                CreatedBy.pick(patch.location, location), CreatedBy.pick(patch.region, region),
                CreatedBy.pick(patch.storageProviderId, storageProviderId),
                CreatedBy.pick(patch.checksum, checksum));
    }
}
