package dev.importjobs.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdsTest {
    private static final Pattern SHAPE = Pattern.compile("^[0-9a-f]{24}$");

    private static Clock at(long epochSecond, int nanos) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond, nanos), ZoneOffset.UTC);
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1700000000, 6553f100",
        "0, 00000000",
        "1, 00000001",
        "2147483647, 7fffffff",
        "2147483648, 80000000",
        "4026531840, f0000000",
        "4294967295, ffffffff",
    })
    void theFirstEightHexDigitsAreTheClocksEpochSecond(long epochSecond, String prefix) {
        String id = new JobIds(at(epochSecond, 999_999_999)).next();
        assertEquals(prefix, id.substring(0, 8));
    }

    @Test
    void anIdIsTwentyFourLowercaseHexDigitsAndWellFormed() {
        JobIds ids = new JobIds(at(1_700_000_000L, 0));
        for (int i = 0; i < 1000; i++) {
            String id = ids.next();
            assertTrue(SHAPE.matcher(id).matches(), id);
            assertTrue(JobIds.isWellFormed(id), id);
        }
    }

    @Test
    void idsOfOneGeneratorShareTheirMiddleAndCountUpByOne() {
        JobIds ids = new JobIds(at(1_700_000_000L, 0));
        String first = ids.next();
        String second = ids.next();
        assertEquals(first.substring(0, 18), second.substring(0, 18));
        int a = Integer.parseInt(first.substring(18), 16);
        int b = Integer.parseInt(second.substring(18), 16);
        assertEquals(1, (b - a) & 0xffffff);
    }

    @Test
    void anIdOfALaterSecondSortsAfter() {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_700_000_000L, 900_000_000));
        JobIds ids = new JobIds(clock);
        List<String> made = new ArrayList<>();
        for (int second = 0; second < 5; second++) {
            clock.now = Instant.ofEpochSecond(1_700_000_000L + second);
            made.add(ids.next());
        }
        for (int i = 1; i < made.size(); i++) {
            assertTrue(made.get(i - 1).compareTo(made.get(i)) < 0, made.toString());
        }
        assertEquals("6553f104", made.get(4).substring(0, 8));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "6553f100", "6553f1000123456789abcde", "6553f1000123456789abcdef0",
        "6553F1000123456789ABCDEF", "6553f1000123456789abcdeg", "6553f100 0123456789abcde", "6553f1000123456789abcde\n",
        "z553f1000123456789abcdef"})
    @NullSource
    void isWellFormedRejectsOtherShapes(String id) {
        assertFalse(JobIds.isWellFormed(id));
    }

    @Test
    void isWellFormedAcceptsTwentyFourLowercaseHexDigits() {
        assertTrue(JobIds.isWellFormed("6553f1000123456789abcdef"));
        assertTrue(JobIds.isWellFormed("000000000000000000000000"));
        assertTrue(JobIds.isWellFormed("ffffffffffffffffffffffff"));
    }

    @Test
    void sixteenThreadsMakeOneHundredSixtyThousandDistinctIdsInOneSecond() throws Exception {
        int threads = 16;
        int perThread = 10_000;
        JobIds ids = new JobIds(at(1_700_000_000L, 0));
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>(perThread);
                    ready.countDown();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ids.next());
                    }
                    return mine;
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "threads did not start");
            start.countDown();
            Set<String> all = new HashSet<>();
            int made = 0;
            for (Future<List<String>> result : results) {
                List<String> mine = result.get(60, TimeUnit.SECONDS);
                made += mine.size();
                all.addAll(mine);
            }
            assertEquals(threads * perThread, made);
            assertEquals(threads * perThread, all.size());
            assertTrue(all.stream().allMatch(id -> id.startsWith("6553f100") && JobIds.isWellFormed(id)));
        } finally {
            pool.shutdownNow();
        }
    }
}
