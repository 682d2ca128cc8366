package dev.importjobs.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Map<String, Object> everyKindOfValue() {
        return map(
                "text", "plain",
                "unicode", "é ü 中文 😀 \uFFFF \u2028",
                "escapes", "quote\" backslash\\ slash/ nl\n cr\r tab\t bs\b ff\f nul\u0000 us\u001f del\u007f",
                "zero", 0L,
                "negative", -42L,
                "longMax", Long.MAX_VALUE,
                "longMin", Long.MIN_VALUE,
                "big", new BigInteger("18446744073709551616"),
                "bigNegative", new BigInteger("-9223372036854775809"),
                "double", 1.5,
                "small", 1.0E-7,
                "large", 6.02E23,
                "negativeDouble", -0.25,
                "yes", true,
                "no", false,
                "nothing", null,
                "emptyObject", map(),
                "emptyList", List.of(),
                "nested", map("list", Arrays.asList(1L, "two", null, List.of(3.5, map("deep", true, "", "")))));
    }

    @Test
    void whatIsWrittenParsesBackToAnEqualTreeInTheSameKeyOrder() {
        // As a job holds it: doubles become the exact value of their text.
        Map<String, Object> tree = JsonValues.copyObject(everyKindOfValue());
        Object parsed = JsonValues.parse(JsonValues.write(tree));
        assertEquals(tree, parsed);
        assertEquals(List.copyOf(tree.keySet()), List.copyOf(((Map<?, ?>) parsed).keySet()));
    }

    @Test
    void writeIsCompactJsonInTheTreesKeyOrder() {
        Map<String, Object> tree = map("b", 1L, "a", Arrays.asList(true, false, null), "c", "x\"y\\z\n\t\r\b\u0001",
                "d", -1.5, "e", map(), "f", new BigDecimal("1.50"), "g", 7);
        assertEquals("{\"b\":1,\"a\":[true,false,null],\"c\":\"x\\\"y\\\\z\\n\\t\\r\\u0008\\u0001\",\"d\":-1.5,"
                + "\"e\":{},\"f\":1.50,\"g\":7}", JsonValues.write(tree));
    }

    @Test
    void parseReadsEscapesAndUnicodeEscapes() {
        assertEquals("\"\\/\b\f\n\r\té😀", JsonValues.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
        assertEquals("AÿĀ", JsonValues.parse("\"\\u0041\\u00FF\\u0100\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0 | java.lang.Long | 0",
        "-0 | java.lang.Long | 0",
        "42 | java.lang.Long | 42",
        "9223372036854775807 | java.lang.Long | 9223372036854775807",
        "-9223372036854775808 | java.lang.Long | -9223372036854775808",
        "9223372036854775808 | java.math.BigInteger | 9223372036854775808",
        "-9223372036854775809 | java.math.BigInteger | -9223372036854775809",
        "123456789012345678901234567890 | java.math.BigInteger | 123456789012345678901234567890",
        "1.0 | java.math.BigDecimal | 1.0",
        "-0.5 | java.math.BigDecimal | -0.5",
        "1e2 | java.math.BigDecimal | 1E+2",
        "1E+2 | java.math.BigDecimal | 1E+2",
        "2.5e-3 | java.math.BigDecimal | 0.0025",
        "1.50 | java.math.BigDecimal | 1.50",
        "1e400 | java.math.BigDecimal | 1E+400",
        "-1E-400 | java.math.BigDecimal | -1E-400",
        "0.1000000000000000055511151231257827 | java.math.BigDecimal | 0.1000000000000000055511151231257827",
        "-0.0 | java.lang.Double | -0.0",
        "-0 | java.lang.Long | 0",
    })
    void numbersParseToLongsBigIntegersOrExactDecimals(String text, String type, String value) {
        Object parsed = JsonValues.parse(text);
        assertEquals(type, parsed.getClass().getName());
        assertEquals(value, parsed.toString());
    }

    @Test
    void writeCanonicalSortsKeysAtEveryLevel() {
        Map<String, Object> one = map("b", map("y", 1L, "x", List.of(map("q", 1L, "p", 2L))), "a", "A");
        Map<String, Object> two = map("a", "A", "b", map("x", List.of(map("p", 2L, "q", 1L)), "y", 1L));
        String expected = "{\"a\":\"A\",\"b\":{\"x\":[{\"p\":2,\"q\":1}],\"y\":1}}";
        assertEquals(expected, JsonValues.writeCanonical(one));
        assertEquals(expected, JsonValues.writeCanonical(two));
        assertNotEquals(JsonValues.write(one), JsonValues.write(two));
    }

    @Test
    void writeCanonicalKeepsListOrder() {
        assertEquals("[2,1]", JsonValues.writeCanonical(List.of(2L, 1L)));
        assertNotEquals(JsonValues.writeCanonical(List.of(1L, 2L)), JsonValues.writeCanonical(List.of(2L, 1L)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\":1,}", "{a:1}", "{'a':1}",
        "{\"a\" 1}", "{\"a\":}", "{\"a\"}", "{1:2}", "[1 2]", "tru", "nul", "fals", "'x'", "\"abc", "\"\\x\"",
        "\"\\u12\"", "\"\\u12G4\"", "\"\\u+041\"", "\"\\u-041\"", "\"\\", "+1", "01", "-01", "00", "1.", ".5", "-",
        "1e", "1e+", "--1", "1.2.3", "0x10", "NaN", "Infinity", "-Infinity", "1e99999999999",
        "\"raw\u0001control\"", "\"raw\ttab\"", "\"raw\nnewline\"", "\u00a01"})
    void parseRejectsInvalidJson(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse(text));
        assertTrue(e.getMessage().startsWith("invalid JSON at position "), e.getMessage());
    }

    @ParameterizedTest(name = "[{0}] at {1}")
    @CsvSource(delimiter = '|', value = {"{} x | 3", "1 2 | 2", "[1]] | 3", "{}{} | 2", "\"a\"\"b\" | 3",
        "true false | 5", "null, | 4"})
    void parseRejectsTrailingCharacters(String text, int position) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse(text));
        assertEquals("invalid JSON at position " + position + ": trailing characters", e.getMessage());
    }

    @Test
    void parseAcceptsWhitespaceAroundTokens() {
        assertEquals(map("a", List.of(1L, 2L)), JsonValues.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] } \n"));
    }

    private static String nestedArrays(int levels, String innermost) {
        return "[".repeat(levels) + innermost + "]".repeat(levels);
    }

    private static String nestedObjects(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    @Test
    void parseAcceptsExactlyMaxDepthLevelsOfNesting() {
        assertEquals(64, JsonValues.MAX_DEPTH);
        Object expected = 1L;
        for (int i = 0; i < 64; i++) {
            expected = List.of(expected);
        }
        assertEquals(expected, JsonValues.parse(nestedArrays(64, "1")));
        assertEquals(nestedArrays(64, ""), JsonValues.write(JsonValues.parse(nestedArrays(64, ""))));
        assertEquals(nestedObjects(64), JsonValues.write(JsonValues.parse(nestedObjects(64))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"array with a value", "empty array", "object"})
    void parseRejectsOneLevelMoreThanMaxDepth(String shape) {
        String text = switch (shape) {
            case "array with a value" -> nestedArrays(65, "1");
            case "empty array" -> nestedArrays(65, "");
            default -> nestedObjects(65);
        };
        int position = shape.equals("object") ? 64 * 5 : 64;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse(text));
        assertEquals("invalid JSON at position " + position + ": nesting deeper than 64", e.getMessage());
    }

    @Test
    void parseGivesAnUnmodifiableTree() {
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) JsonValues.parse("{\"a\":[1],\"b\":{\"c\":2}}");
        assertThrows(UnsupportedOperationException.class, () -> parsed.put("x", 1L));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) parsed.get("a");
        assertThrows(UnsupportedOperationException.class, () -> list.add(2L));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) parsed.get("b");
        assertThrows(UnsupportedOperationException.class, () -> inner.remove("c"));
    }

    @Test
    void parseObjectAcceptsOnlyAnObject() {
        assertEquals(map("a", 1L), JsonValues.parseObject(" {\"a\":1} "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parseObject("[1]"));
        assertEquals("not a JSON object", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonValues.parseObject("\"{}\""));
    }

    @Test
    void copyObjectNormalizesJavaNumbersToLongsAndExactDecimals() {
        Map<String, Object> source = map("int", 7, "short", (short) -3, "byte", (byte) 9, "float", 1.5f,
                "long", 5L, "double", 2.25, "bigInteger", BigInteger.TEN, "bigDecimal", new BigDecimal("0.10"),
                "tenth", 0.1, "negativeZero", -0.0);
        Map<String, Object> copy = JsonValues.copyObject(source);
        assertEquals(map("int", 7L, "short", -3L, "byte", 9L, "float", new BigDecimal("1.5"), "long", 5L,
                "double", new BigDecimal("2.25"), "bigInteger", BigInteger.TEN, "bigDecimal", new BigDecimal("0.10"),
                "tenth", new BigDecimal("0.1"), "negativeZero", -0.0), copy);
        assertInstanceOf(Long.class, copy.get("int"));
        assertInstanceOf(BigDecimal.class, copy.get("float"));
        assertInstanceOf(Double.class, copy.get("negativeZero"));
    }

    /** Kept exactly through the writer and the parser, as a store keeps a config (docs/api.md, "Numbers"). */
    @ParameterizedTest
    @ValueSource(strings = {"1E+3", "1.50", "0.1000000000000000055511151231257827", "1E-400", "-1E+400", "-0.0",
        "123456789012345678901234567890.5", "1.0E-7", "0.00"})
    void decimalsAreWrittenAndParsedBackExactly(String text) {
        String json = "{\"n\":" + text + "}";
        assertEquals(json, JsonValues.write(JsonValues.parseObject(json)));
        assertEquals(json, JsonValues.write(JsonValues.parseObject(JsonValues.write(JsonValues.parseObject(json)))));
    }

    /**
     * The canonical text compares by value and, for every number a double's text holds exactly, is that text:
     * so fingerprints made when config numbers were doubles still match (docs/model.md#idempotent-create).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5 | 1.5", "1.50 | 1.5", "1e3 | 1000.0", "1000.0 | 1000.0", "1.0E-7 | 1.0E-7", "1e-7 | 1.0E-7",
        "1.234E10 | 1.234E10", "-0.0 | -0.0", "0.1 | 0.1", "1.0E22 | 1.0E22", "0.00 | 0.0",
        "0.1000000000000000055511151231257827 | 0.1000000000000000055511151231257827", "1E-400 | 1E-400",
        "1e400 | 1E+400", "2.50E-400 | 2.5E-400"})
    void writeCanonicalWritesADecimalByValueInTheDoublesTextWhenThatIsExact(String text, String canonical) {
        assertEquals("{\"n\":" + canonical + "}", JsonValues.writeCanonical(JsonValues.parseObject("{\"n\":" + text + "}")));
    }

    @Test
    void copyObjectKeepsKeyOrderAndNullValues() {
        Map<String, Object> copy = JsonValues.copyObject(map("z", 1L, "a", null, "m", List.of()));
        assertEquals(List.of("z", "a", "m"), List.copyOf(copy.keySet()));
        assertTrue(copy.containsKey("a"));
        assertNull(copy.get("a"));
    }

    @Test
    void copyObjectIsDeepAndUnmodifiableAtEveryLevel() {
        List<Object> list = new ArrayList<>(List.of(1L));
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        Map<String, Object> source = map("list", list, "inner", inner);
        Map<String, Object> copy = JsonValues.copyObject(source);

        list.add(2L);
        inner.put("k2", "v2");
        source.put("added", true);
        assertEquals(map("list", List.of(1L), "inner", Map.of("k", "v")), copy);

        assertThrows(UnsupportedOperationException.class, () -> copy.put("x", 1L));
        @SuppressWarnings("unchecked")
        List<Object> copiedList = (List<Object>) copy.get("list");
        assertThrows(UnsupportedOperationException.class, () -> copiedList.add(3L));
        assertThrows(UnsupportedOperationException.class, () -> copiedList.set(0, 3L));
        @SuppressWarnings("unchecked")
        Map<String, Object> copiedInner = (Map<String, Object>) copy.get("inner");
        assertThrows(UnsupportedOperationException.class, () -> copiedInner.put("k", "w"));
    }

    @Test
    void copyObjectRejectsValuesThatAreNotJson() {
        assertCopyRejects(map("a", new Object()), "not a JSON value: java.lang.Object");
        assertCopyRejects(map("a", 'c'), "not a JSON value: java.lang.Character");
        assertCopyRejects(map("a", Optional.empty()), "not a JSON value: java.util.Optional");
        assertCopyRejects(map("a", new int[] {1}), "not a JSON value: [I");
        assertCopyRejects(map("a", new AtomicLong(1)), "not a JSON value: java.util.concurrent.atomic.AtomicLong");
        assertCopyRejects(map("a", List.of(map("b", new StringBuilder("x")))),
                "not a JSON value: java.lang.StringBuilder");
        Map<Object, Object> intKeys = new HashMap<>(Map.of(1, "x"));
        assertCopyRejects(map("a", intKeys), "JSON object keys must be strings");
    }

    @Test
    void copyObjectRejectsNumbersJsonCannotWrite() {
        assertCopyRejects(map("a", Double.NaN), "JSON has no NaN");
        assertCopyRejects(map("a", Double.POSITIVE_INFINITY), "JSON has no Infinity");
        assertCopyRejects(map("a", List.of(Double.NEGATIVE_INFINITY)), "JSON has no -Infinity");
        assertCopyRejects(map("a", Float.NaN), "JSON has no NaN");
    }

    @Test
    void copyObjectAcceptsMaxDepthLevelsAndRejectsOneMore() {
        assertEquals(nestedObjects(64), JsonValues.write(JsonValues.copyObject(deepObject(64))));
        assertCopyRejects(deepObject(65), "JSON nests deeper than 64");

        Map<String, Object> emptyListAtMax = map("a", deepList(62, List.of()));
        Map<String, Object> valueAtMax = map("a", deepList(63, 1L));
        assertEquals(64, depthOf(emptyListAtMax));
        assertEquals(64, depthOf(valueAtMax));
        assertEquals(emptyListAtMax, JsonValues.copyObject(emptyListAtMax));
        assertEquals(valueAtMax, JsonValues.copyObject(valueAtMax));

        Map<String, Object> emptyListTooDeep = map("a", deepList(63, List.of()));
        Map<String, Object> valueTooDeep = map("a", deepList(64, 1L));
        assertEquals(65, depthOf(emptyListTooDeep));
        assertEquals(65, depthOf(valueTooDeep));
        assertCopyRejects(emptyListTooDeep, "JSON nests deeper than 64");
        assertCopyRejects(valueTooDeep, "JSON nests deeper than 64");
    }

    private static Map<String, Object> deepObject(int levels) {
        Map<String, Object> tree = map();
        for (int i = 1; i < levels; i++) {
            tree = map("a", tree);
        }
        return tree;
    }

    private static Object deepList(int levels, Object innermost) {
        Object tree = innermost;
        for (int i = 0; i < levels; i++) {
            tree = List.of(tree);
        }
        return tree;
    }

    private static int depthOf(Object value) {
        if (value instanceof Map<?, ?> m) {
            return 1 + m.values().stream().mapToInt(JsonValuesTest::depthOf).max().orElse(0);
        }
        if (value instanceof List<?> l) {
            return 1 + l.stream().mapToInt(JsonValuesTest::depthOf).max().orElse(0);
        }
        return 0;
    }

    private static void assertCopyRejects(Map<String, ?> source, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.copyObject(source));
        assertEquals(message, e.getMessage());
    }

    @Test
    void writeRejectsValuesThatAreNotJson() {
        assertWriteRejects(new Object(), "not a JSON value: java.lang.Object");
        assertWriteRejects(map("a", Double.NaN), "JSON has no NaN");
        assertWriteRejects(List.of(Double.POSITIVE_INFINITY), "JSON has no Infinity");
        assertWriteRejects(List.of(Float.NaN), "JSON has no NaN");
        assertWriteRejects(List.of(Float.NEGATIVE_INFINITY), "JSON has no -Infinity");
        Map<Object, Object> intKeys = new HashMap<>(Map.of(1, "x"));
        assertWriteRejects(intKeys, "JSON object keys must be strings");
        assertWriteRejects(List.of(map("a", intKeys)), "JSON object keys must be strings");
    }

    private static void assertWriteRejects(Object value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.write(value));
        assertEquals(message, e.getMessage());
        IllegalArgumentException canonical = assertThrows(IllegalArgumentException.class,
                () -> JsonValues.writeCanonical(value));
        assertEquals(message, canonical.getMessage());
    }
}
