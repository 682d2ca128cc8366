package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load generator against both servers, briefly, at the smallest and the largest client counts: every
 * scenario answers over HTTP and in-process, none fails, and (checked inside the run) every chunk job
 * stores exactly the chunks acknowledged.
 */
class HttpLoadSmokeTest {
    @Test
    void everyScenarioServesRequestsWithoutErrorsOverHttpAndInProcess() throws Exception {
        List<HttpLoad.Result> results = HttpLoad.run(HttpLoad.Options.parse("--seconds", "0.3", "--warmup", "0",
                "--workers", "2,64"));

        List<String> expected = new ArrayList<>();
        for (int workers : List.of(2, 64)) {
            HttpLoad.SCENARIOS.forEach(scenario -> expected.add(scenario + "@" + workers));
        }
        assertEquals(expected, results.stream().map(r -> r.scenario() + "@" + r.workers()).toList());
        for (HttpLoad.Result result : results) {
            String name = result.scenario() + " with " + result.workers() + " clients";
            assertTrue(result.http().calls() > 0, () -> name + " served nothing over HTTP");
            assertEquals(0, result.errors(), () -> name + " had failed calls");
            assertTrue(result.http().p99Nanos() >= result.http().p50Nanos());
            assertTrue(result.http().cpuNanos() > 0 && result.http().serverCpuNanos() > 0,
                    () -> name + " measured no CPU time over HTTP: " + result.http());
            if (result.scenario().equals("bare")) {
                assertNull(result.inProcess());
            } else {
                assertTrue(result.inProcess().calls() > 0, () -> name + " made no call in-process");
                assertTrue(result.httpShare() > 0 && Double.isFinite(result.overhead()), name);
                assertTrue(result.inProcess().cpuNanos() > 0 && Double.isFinite(result.cpuOverhead()), name);
            }
        }
        String table = HttpLoad.table(results);
        assertTrue(table.contains("| mixed | 64 |"), table);
        assertTrue(table.contains("| bare | 2 |"), table);
        assertTrue(table.contains("| HTTP overhead (CPU) |"), table);
    }

    @Test
    void theJdkClientServesEveryScenarioToo() throws Exception {
        List<HttpLoad.Result> results = HttpLoad.run(HttpLoad.Options.parse("--seconds", "0.3", "--warmup", "0",
                "--workers", "4", "--client", "jdk"));

        assertEquals(HttpLoad.SCENARIOS, results.stream().map(HttpLoad.Result::scenario).toList());
        for (HttpLoad.Result result : results) {
            assertTrue(result.http().calls() > 0, () -> result.scenario() + " served nothing over HTTP");
            assertEquals(0, result.errors(), () -> result.scenario() + " had failed calls");
        }
    }

    @Test
    void optionsParseListsAndFractions() {
        HttpLoad.Options options = HttpLoad.Options.parse("--workers", "16,64", "--scenarios", "list,mixed",
                "--seconds", "0.5");

        assertEquals(List.of(16, 64), options.workers());
        assertEquals(List.of("list", "mixed"), options.scenarios());
        assertEquals(0.5, options.seconds());
        assertEquals(List.of(8, 16, 64), HttpLoad.Options.parse().workers());
        assertEquals(HttpLoad.SCENARIOS, HttpLoad.Options.parse().scenarios());
        assertEquals(LoadClient.PLAIN, HttpLoad.Options.parse().client());
        assertEquals(LoadClient.JDK, HttpLoad.Options.parse("--client", "jdk").client());
        try (LoadClient plain = LoadClient.named(LoadClient.PLAIN); LoadClient jdk = LoadClient.named(LoadClient.JDK)) {
            assertInstanceOf(PlainHttpClient.class, plain);
            assertInstanceOf(JdkLoadClient.class, jdk);
        }
    }

    @Test
    void badOptionsAreNamedWithTheBadValue() {
        List<List<String>> cases = List.of(List.of("--second", "3", "--second"), List.of("--workers", "8,0", "8,0"),
                List.of("--workers", "eight", "eight"), List.of("--scenarios", "list,lists", "lists"),
                List.of("--seconds", "0", "got 0"), List.of("--warmup", "-1", "got -1"),
                List.of("--client", "curl", "got curl"));
        for (List<String> c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HttpLoad.Options.parse(c.get(0), c.get(1)), () -> String.join(" ", c));
            assertTrue(e.getMessage().contains(c.get(0)) && e.getMessage().contains(c.get(2)), e::getMessage);
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HttpLoad.Options.parse("--seconds"));
        assertTrue(missing.getMessage().contains("--seconds"), missing::getMessage);
    }
}
