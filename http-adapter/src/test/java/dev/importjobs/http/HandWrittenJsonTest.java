package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

/**
 * The two values the answers write by hand for speed, style B's times and a job's config, come out as the
 * general writers they replace write them: {@code DateTimeFormatter} and jackson-jr.
 */
class HandWrittenJsonTest {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void isoTimesAreWhatTheFormatterWritesAcrossTheYearsAJobMayHold() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.EPOCH, Instant.ofEpochMilli(-1),
                Instant.parse("0000-02-29T12:00:00.5Z"), Instant.parse("1900-02-28T23:59:59.999Z"),
                Instant.parse("2024-02-29T00:00:00.001Z"), Instant.parse("2026-11-23T22:40:18.112Z"),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(0, 999_999)));
        Random random = new Random(12);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)),
                    random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            String expected = "\"" + ISO_MILLIS.format(instant) + "\"";
            assertEquals(expected, written(out -> Codec.Scalar.writeIsoTime(out, instant)), instant::toString);
        }
    }

    /** Outside the years 0000–9999 the formatter's own text stands, sign and all. */
    @Test
    void isoTimesOutsideTheRangeAreTheFormattersToo() {
        for (Instant instant : List.of(Instant.parse("-0001-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("+292278994-08-17T07:12:55.808Z"))) {
            assertEquals("\"" + ISO_MILLIS.format(instant) + "\"",
                    written(out -> Codec.Scalar.writeIsoTime(out, instant)), instant::toString);
        }
    }

    @Test
    void configsAreWhatJacksonJrWrites() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("null", null);
        nested.put("empty", Map.of());
        nested.put("none", List.of());
        nested.put("list", Arrays.asList(1L, null, "two", false, List.of(List.of()), Map.of("k", "v")));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("z", "first in order, not in the alphabet");
        config.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 é 𝄞 \u2028");
        config.put("", "empty name");
        config.put("long", Long.MIN_VALUE);
        config.put("int", 7);
        config.put("huge", new BigInteger("123456789012345678901234567890"));
        config.put("exact", new BigDecimal("0.1000000000000000055511151231257827"));
        config.put("tiny", new BigDecimal("1E-400"));
        config.put("thousand", new BigDecimal("1E+3"));
        config.put("scaled", new BigDecimal("1.50"));
        config.put("negativeZero", -0.0);
        config.put("yes", true);
        config.put("nested", nested);
        Object deep = "bottom";
        for (int i = 0; i < 64; i++) {
            deep = i % 2 == 0 ? List.of(deep) : Map.of("d", deep);
        }
        config.put("deep", deep);

        assertEquals(written(out -> out.writePOJO(config)), written(out -> Json.writeValue(out, config)));
        assertEquals(written(out -> out.writePOJO(null)), written(out -> Json.writeValue(out, null)));
    }

    private static String written(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = Json.generator(bytes)) {
            writer.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
