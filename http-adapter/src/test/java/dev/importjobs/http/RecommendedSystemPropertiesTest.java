package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK server's settings are JVM-wide, so starting an {@link ImportJobsServer} leaves them alone; an
 * embedder applies them on purpose ({@link ImportJobsServer#applyRecommendedSystemProperties()}). This
 * test JVM starts with them set (surefire's configuration), so each test clears them first and puts
 * them back after: a server that set them would otherwise go unnoticed.
 */
class RecommendedSystemPropertiesTest {
    private static final Map<String, String> RECOMMENDED = ImportJobsServer.RECOMMENDED_SYSTEM_PROPERTIES;

    @TempDir
    Path dir;

    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void clearTheRecommendedProperties() {
        for (String name : RECOMMENDED.keySet()) {
            String value = System.getProperty(name);
            if (value != null) {
                saved.put(name, value);
            }
            System.clearProperty(name);
        }
    }

    @AfterEach
    void restoreThem() {
        RECOMMENDED.keySet().forEach(System::clearProperty);
        saved.forEach(System::setProperty);
    }

    @Test
    void startingAndStoppingAServerLeavesTheSystemPropertiesAsTheyWere() {
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"))) {
            Map<Object, Object> before = snapshot();
            ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store).port(0).start();
            assertEquals(Map.of(), changedSince(before), "properties changed by start");
            server.stop(Duration.ZERO);
            assertEquals(Map.of(), changedSince(before), "properties changed by stop");
        }
    }

    @Test
    void applyingTheRecommendedPropertiesSetsThoseNotSetAndKeepsTheRest() {
        System.setProperty(ImportJobsServer.MAX_CONNECTIONS_PROPERTY, "50");

        ImportJobsServer.applyRecommendedSystemProperties();

        assertEquals("30", System.getProperty(ImportJobsServer.READ_TIMEOUT_PROPERTY));
        assertEquals("true", System.getProperty(ImportJobsServer.NO_DELAY_PROPERTY));
        assertEquals("50", System.getProperty(ImportJobsServer.MAX_CONNECTIONS_PROPERTY), "a value given with -D wins");
    }

    /** The values surefire starts these tests with are the recommended ones, not a copy that drifted. */
    @Test
    void theTestsRunWithTheRecommendedProperties() {
        assertEquals(RECOMMENDED, saved);
    }

    /** Each property added, removed or changed since {@code before}, with its value now ({@code null}: removed). */
    private static Map<Object, Object> changedSince(Map<Object, Object> before) {
        Map<Object, Object> now = snapshot();
        Map<Object, Object> changed = new HashMap<>();
        now.forEach((name, value) -> {
            if (!value.equals(before.get(name))) {
                changed.put(name, value);
            }
        });
        before.keySet().stream().filter(name -> !now.containsKey(name)).forEach(name -> changed.put(name, null));
        return changed;
    }

    private static Map<Object, Object> snapshot() {
        Properties properties = System.getProperties();
        synchronized (properties) {
            return new HashMap<>(properties);
        }
    }
}
