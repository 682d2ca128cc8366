package dev.importjobs.http;

import tools.jackson.core.JsonGenerator;

/**
 * The two API styles served at once: each has its table of a job and its envelope's status flag
 * ({@code "ok"}/{@code "error"} in A, {@code true}/{@code false} in B).
 */
enum Style {
    /** {@code POST /api} (docs/api.md#style-a--rpc). */
    A {
        @Override
        JobView view() {
            return RpcView.JOB;
        }

        @Override
        void writeStatus(JsonGenerator out, boolean ok) {
            out.writeStringProperty("status", ok ? "ok" : "error");
        }
    },
    /** {@code /v1/organizations/{organizationId}/bulk-tasks} and everything else (docs/api.md#style-b--rest). */
    B {
        @Override
        JobView view() {
            return RestView.ITEM;
        }

        @Override
        void writeStatus(JsonGenerator out, boolean ok) {
            out.writeBooleanProperty("status", ok);
        }
    };

    abstract JobView view();

    abstract void writeStatus(JsonGenerator out, boolean ok);
}
