package dev.importjobs.http.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {
    private static final List<String> KNOWN = List.of("pageSize", "limit", "--port", "--max-body-bytes");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "pagesize, pageSize",          // case only
        "PAGESIZE, pageSize",
        "pageSiz, pageSize",           // one deleted
        "pageSizes, pageSize",         // one inserted
        "pageSixe, pageSize",          // one substituted
        "limti, limit",                // two neighbours swapped
        "lmit, limit",
        "--prot, --port",
        "--max-body-byte, --max-body-bytes",
    })
    void aSlipOfAKnownNameSuggestsIt(String unknown, String expected) {
        assertEquals(expected, DidYouMean.suggestion(KNOWN, unknown));
    }

    @ParameterizedTest
    @CsvSource({"pgeSze", "limitless", "tilim", "--host", "''"})
    void aNameTwoOrMoreEditsAwaySuggestsNothing(String unknown) {
        assertNull(DidYouMean.suggestion(KNOWN, unknown));
    }
}
