package dev.importjobs.core.testkit;

import dev.importjobs.core.spi.JobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A {@link JobStore} that hands every call to another and reports each retention batch
 * ({@link JobStore#deleteExpired}) as it ends: when it began and ended ({@link System#nanoTime}) and how
 * many jobs it deleted. Tests see the batches of a pass as they happen, without sleeping.
 */
public final class ObservedBatches {
    /** One call of {@link JobStore#deleteExpired}. */
    public record Batch(Instant completedBefore, int limit, long startNanos, long endNanos, int deleted) {
    }

    private ObservedBatches() {
    }

    public static JobStore of(JobStore store, Consumer<Batch> batches) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                    long start = System.nanoTime();
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("deleteExpired")) {
                        batches.accept(new Batch((Instant) args[0], (Integer) args[1], start, System.nanoTime(),
                                (Integer) result));
                    }
                    return result;
                });
    }
}
