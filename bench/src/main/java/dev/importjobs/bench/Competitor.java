package dev.importjobs.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three competitors of every benchmark, by the name their {@code impl} parameter gives them. */
enum Competitor {
    /** Our code as an embedding application calls it: {@code ImportJobs} over our store. */
    IMPORTJOBS("importjobs"),
    /** The floor: the least JDBC doing the same work on our schema. */
    RAW_JDBC("rawJdbc"),
    /** The peer: Spring Batch's JobRepository and JobExplorer on its own schema. */
    SPRING_BATCH("springBatch");

    private final String parameter;

    Competitor(String parameter) {
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }

    static Competitor named(String impl) {
        for (Competitor competitor : values()) {
            if (competitor.parameter.equals(impl)) {
                return competitor;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + impl + "'; impls: "
                + Arrays.stream(values()).map(Competitor::parameter).collect(Collectors.joining(", ")));
    }
}
