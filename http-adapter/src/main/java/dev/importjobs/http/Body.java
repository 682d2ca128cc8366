package dev.importjobs.http;

/**
 * What a route reads from the request body, as the route table declares it and {@link OpenApi} describes it.
 * Any body of JSON is checked the one way ({@link Call#jsonBody}): content type, size, UTF-8, one object.
 */
enum Body {
    /** Nothing: any body is ignored. */
    NONE(null),
    /** A style B item to create; the {@code Idempotency-Key} header may name its key. */
    CREATE("Create a job"),
    /** The style B item fields to change; {@code If-Match} may name the version expected. */
    PATCH("Change a job"),
    /** A chunk report. */
    CHUNK("Record a chunk"),
    /** Style A's {@code {namespace, apiName, data}}. */
    RPC("Style A: call an apiName");

    /** A short summary of the operation that sends it, or {@code null} when its answer says it better. */
    final String summary;

    Body(String summary) {
        this.summary = summary;
    }

    boolean isJson() {
        return this != NONE;
    }
}
