package dev.importjobs.http;

import tools.jackson.core.JsonGenerator;

/**
 * The two API styles served at once: each has its table of a job and its envelope's status flag
 * ({@code "ok"}/{@code "error"} in A, {@code true}/{@code false} in B).
 */
enum Style {
    /** {@code POST /api} (docs/api.md#style-a--rpc). */
    A,
    /** {@code /v1/organizations/{organizationId}/bulk-tasks}, and every path no route serves (docs/api.md#style-b--rest). */
    B;

    JobView view() {
        return switch (this) {
            case A -> RpcView.JOB;
            case B -> RestView.ITEM;
        };
    }

    void writeStatus(JsonGenerator out, boolean ok) {
        switch (this) {
            case A -> out.writeStringProperty("status", ok ? "ok" : "error");
            case B -> out.writeBooleanProperty("status", ok);
        }
    }
}
