package dev.importjobs.core.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline, for tests that must not sleep: fails the test when it is not met. */
public final class Await {
    private Await() {
    }

    /** Returns once {@code condition} holds; throws {@link AssertionError} naming {@code what} after {@code within}. */
    public static void until(BooleanSupplier condition, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + within.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }
}
