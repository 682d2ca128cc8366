package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.storage.sqlite.SqliteJobStore.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Each durability is SQLite's {@code synchronous} setting on the store's connections, named as options name it. */
class DurabilityTest {
    @TempDir
    Path dir;

    @Test
    void powerLossIsSynchronousFullAndProcessIsNormalAndTheBuilderDefaultsToPowerLoss() throws SQLException {
        Path file = dir.resolve("jobs.db");
        assertEquals(2, synchronous(SqliteJobStore.builder(file).walConfig()), "FULL");
        assertEquals(2, synchronous(SqliteJobStore.builder(file).durability(Durability.POWER_LOSS).walConfig()));
        assertEquals(1, synchronous(SqliteJobStore.builder(file).durability(Durability.PROCESS).walConfig()), "NORMAL");
    }

    @Test
    void optionNamesReadInAnyCase() {
        assertEquals("power-loss", Durability.POWER_LOSS.optionName());
        assertEquals("process", Durability.PROCESS.optionName());
        assertEquals(Optional.of(Durability.POWER_LOSS), Durability.ofOptionName("Power-Loss"));
        assertEquals(Optional.of(Durability.PROCESS), Durability.ofOptionName("PROCESS"));
        assertEquals(Optional.empty(), Durability.ofOptionName("power_loss"));
        assertEquals(Optional.empty(), Durability.ofOptionName("normal"));
    }

    private int synchronous(SQLiteConfig config) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobs.db"),
                config.toProperties());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
