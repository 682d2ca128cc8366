package dev.importjobs.core.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Makes job ids shaped like MongoDB ObjectIds: 24 lowercase hex digits, the first 8 the creation second,
 * then 5 random bytes fixed per generator and a 3-byte counter. Ids of one generator never repeat
 * until the counter wraps (16,777,216 ids in one second), and sort by creation second.
 */
public final class JobIds {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{24}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Clock clock;
    private final byte[] processUnique = new byte[5];
    private final AtomicInteger counter;

    public JobIds(Clock clock) {
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        random.nextBytes(processUnique);
        counter = new AtomicInteger(random.nextInt());
    }

    public String next() {
        long seconds = clock.instant().getEpochSecond();
        int count = counter.getAndIncrement();
        char[] out = new char[24];
        int at = put(out, 0, (int) seconds, 4);
        for (byte b : processUnique) {
            out[at++] = HEX[(b >> 4) & 0xf];
            out[at++] = HEX[b & 0xf];
        }
        put(out, at, count, 3);
        return new String(out);
    }

    /** Whether {@code id} has the shape of an id (it may still name no job). */
    public static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }

    private static int put(char[] out, int at, int value, int bytes) {
        for (int shift = bytes * 8 - 4; shift >= 0; shift -= 4) {
            out[at++] = HEX[(value >>> shift) & 0xf];
        }
        return at;
    }
}
