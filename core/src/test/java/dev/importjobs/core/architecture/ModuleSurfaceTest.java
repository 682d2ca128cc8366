package dev.importjobs.core.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What core's module descriptor exports, read from the compiled {@code module-info.class}: the embedding
 * API and the spi to everyone, core's internals only to the stores that need them (docs/design.md).
 */
class ModuleSurfaceTest {
    @Test
    void coreExportsItsApiAndSpiAndQualifiesItsInternals() {
        ModuleDescriptor core = ModuleFinder.of(Path.of("target", "classes")).find("dev.importjobs.core")
                .orElseThrow(() -> new AssertionError("core's module-info.class is not in target/classes"))
                .descriptor();
        Map<String, Set<String>> exports = new TreeMap<>();
        core.exports().forEach(e -> exports.put(e.source(), e.targets()));

        assertEquals(Map.of(
                "dev.importjobs.core.auth", Set.of(),
                "dev.importjobs.core.error", Set.of(),
                "dev.importjobs.core.memory", Set.of(),
                "dev.importjobs.core.model", Set.of(),
                "dev.importjobs.core.query", Set.of(),
                "dev.importjobs.core.service", Set.of(),
                "dev.importjobs.core.spi", Set.of(),
                "dev.importjobs.core.internal", Set.of("dev.importjobs.storage.jdbc")),
                exports);
        assertEquals(Set.of("java.base"), core.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(java.util.stream.Collectors.toSet()));
    }
}
