package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.auth.Principal;

/**
 * What the caller may do in an organization ({@code GET /v1/organizations/{organizationId}/access}), so a
 * client such as the dashboard offers only what will work: {@code {subject, permissions}}, the
 * permissions spelled out (a wildcard becomes all five) in a fixed order.
 */
final class AccessView {
    static final String SUBJECT = "subject";
    static final String PERMISSIONS = "permissions";

    private AccessView() {
    }

    static JsonBody of(Principal principal) {
        return out -> {
            out.writeStartObject();
            out.writeStringProperty(SUBJECT, principal.subject());
            out.writeArrayPropertyStart(PERMISSIONS);
            for (Permission permission : Permission.values()) {
                if (principal.holds(permission)) {
                    out.writeString(permission.wireName());
                }
            }
            out.writeEndArray();
            out.writeEndObject();
        };
    }
}
