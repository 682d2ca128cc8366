package dev.importjobs.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --durability}: what an acknowledged write survives (docs/server.md#the-database). The server's own
 * word for it, so that only {@link StoreKind} names a store's setting; SQLite maps it to its {@code synchronous}
 * pragma, and a database server keeps what its own settings give.
 */
enum Durability {
    /** The default: a write is acknowledged once its commit is on the disk. */
    POWER_LOSS,
    /** A write is acknowledged once the operating system holds its commit: a crash of the server loses nothing. */
    PROCESS;

    /** The name the option takes: {@code power-loss}, {@code process}. */
    String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The durability an option value names ({@link #optionName()}, any case), or empty. */
    static Optional<Durability> ofOptionName(String name) {
        return Arrays.stream(values()).filter(d -> d.optionName().equalsIgnoreCase(name)).findFirst();
    }
}
