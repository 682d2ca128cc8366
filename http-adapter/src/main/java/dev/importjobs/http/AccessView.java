package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.auth.Principal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the caller may do in an organization ({@code GET /v1/organizations/{organizationId}/access}), so a
 * client such as the dashboard offers only what will work: {@code {subject, permissions}}, the
 * permissions spelled out (a wildcard becomes all five) in a fixed order.
 */
final class AccessView {
    private AccessView() {
    }

    static Map<String, Object> of(Principal principal) {
        List<String> permissions = Arrays.stream(Permission.values())
                .filter(principal::holds).map(Permission::wireName).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("subject", principal.subject());
        view.put("permissions", permissions);
        return view;
    }
}
