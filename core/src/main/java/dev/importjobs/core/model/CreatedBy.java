package dev.importjobs.core.model;


/**
 * Who started the job: the user's id (required on create) and an optional profile. In a patch, a
 * {@code null} field means "leave unchanged".
 */
public record CreatedBy(String id, String email, String firstName, String lastName, String fullName,
        String picture) {
    public static final int MAX_ID = 128;
    public static final int MAX_PROFILE_FIELD = 2048;

    public static CreatedBy of(String id) {
        return new CreatedBy(id, null, null, null, null, null);
    }

    /** This profile with every non-null field of {@code patch} laid over it. */
    public CreatedBy merge(CreatedBy patch) {
        if (patch == null) {
            return this;
        }
        return new CreatedBy(pick(patch.id, id), pick(patch.email, email), pick(patch.firstName, firstName),
                pick(patch.lastName, lastName), pick(patch.fullName, fullName), pick(patch.picture, picture));
    }

    static <T> T pick(T patched, T current) {
        return patched != null ? patched : current;
    }
}
