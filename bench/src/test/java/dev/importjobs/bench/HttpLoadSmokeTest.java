package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator against both servers for a second each: every scenario answers, none fails. */
class HttpLoadSmokeTest {
    @Test
    void everyScenarioServesRequestsWithoutErrors() throws Exception {
        List<HttpLoad.Result> results = HttpLoad.run(HttpLoad.Options.parse("--seconds", "1", "--warmup", "0",
                "--workers", "2"));

        assertEquals(List.of("bare", "list", "recordChunk"), results.stream().map(HttpLoad.Result::scenario).toList());
        for (HttpLoad.Result result : results) {
            assertTrue(result.requests() > 0, () -> result.scenario() + " served nothing");
            assertEquals(0, result.errors(), () -> result.scenario() + " had failed requests");
            assertTrue(result.p99Nanos() >= result.p50Nanos());
        }
        assertTrue(HttpLoad.table(results).contains("| recordChunk |"));
    }

    @Test
    void unknownOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpLoad.Options.parse("--second", "3"));
        assertTrue(e.getMessage().contains("--second"));
    }
}
