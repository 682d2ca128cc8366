package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the README's embedding example as written, so the README cannot drift from the code: in
 * this JVM, and in a JVM of its own set up as the README says (the store's jars, an SLF4J provider,
 * {@code --enable-native-access}), where it must print its line and nothing else, stderr included; and
 * without that set-up, it prints the warnings the README names.
 */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PROMISE = Pattern.compile("// prints: (.*)");
    /**
     * What the store needs at run time, as the class path names it: our three modules (their classes, or
     * their jars in a reactor build, never the test ones) and the driver, the pool and SLF4J's API.
     */
    private static final Pattern RUNTIME = Pattern.compile(".*/(core|storage-jdbc|storage-sqlite)/target/"
            + "(classes|importjobs-[a-z-]+-[0-9][^/]*(?<!-tests)\\.jar)|.*/(sqlite-jdbc|HikariCP|slf4j-api)-[^/]*\\.jar");
    private static final String NO_PROVIDER = "SLF4J(W): No SLF4J providers were found.";
    private static final String RESTRICTED = "WARNING: A restricted method in java.lang.System has been called";

    @Test
    void theReadmeExampleCompilesRunsAndPrintsWhatItSays(@TempDir Path dir) throws Exception {
        String promise = compile(dir);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("Example").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals(promise, out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void setUpAsTheReadmeSaysTheExamplePrintsItsLineAndNothingElse(@TempDir Path dir) throws Exception {
        String promise = compile(dir);

        Run run = Run.example(dir, true, true);

        assertEquals(promise + System.lineSeparator(), run.stdout, run::toString);
        assertEquals("", run.stderr, run::toString);
    }

    @Test
    void withoutAProviderOrTheFlagTheJvmSaysWhatTheReadmeNames(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        compile(dir);

        Run noProvider = Run.example(dir, false, true);
        assertEquals(3, noProvider.stderr.lines().filter(line -> line.startsWith("SLF4J(W)")).count(), noProvider::toString);
        assertTrue(noProvider.stderr.contains(NO_PROVIDER), noProvider::toString);
        assertTrue(readme.contains("three\n`SLF4J(W): No SLF4J providers were found`"), "the README names it");

        Run noFlag = Run.example(dir, true, false);
        long restricted = noFlag.stderr.lines().filter(line -> line.startsWith("WARNING:")).count();
        if (Runtime.version().feature() >= 22) {
            assertEquals(4, restricted, noFlag::toString);
            assertTrue(noFlag.stderr.contains(RESTRICTED), noFlag::toString);
        } else {
            assertEquals(0, restricted, noFlag::toString);
        }
        assertTrue(readme.contains("four `WARNING:` lines about a restricted method"), "the README names them");
    }

    /** The README's dependency snippet names this build's version and the provider's. */
    @Test
    void theReadmeSnippetNamesThisVersion() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>importjobs-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        Matcher slf4j = Pattern.compile("<slf4j.version>([^<]+)</slf4j.version>").matcher(pom);
        assertTrue(version.find() && slf4j.find(), "the parent pom names both versions");

        assertTrue(readme.contains("<artifactId>importjobs-storage-sqlite</artifactId>\n  <version>" + version.group(1)
                + "</version>"), "the README's snippet has version " + version.group(1));
        assertTrue(readme.contains("<artifactId>slf4j-nop</artifactId>\n  <version>" + slf4j.group(1) + "</version>"),
                "the README's provider is the build's " + slf4j.group(1));
        assertTrue(readme.contains("-am install"), "the README says how to install");
    }

    /** Compiles the README's example into {@code dir}; returns what it says it prints. */
    private static String compile(Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = JAVA_BLOCK.matcher(readme);
        assertTrue(block.find(), "README.md has a java example");
        String source = block.group(1);
        Matcher promise = PROMISE.matcher(source);
        assertTrue(promise.find(), "the example says what it prints");
        Path file = dir.resolve("Example.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        int status = javac.run(null, null, null, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, status, "the README example compiles");
        return promise.group(1).strip();
    }

    /** The example run by {@code java} with only what the store needs, and what it printed. */
    private record Run(int exit, String stdout, String stderr) {
        static Run example(Path dir, boolean provider, boolean nativeAccess) throws Exception {
            List<String> classPath = new ArrayList<>(List.of(dir.toString()));
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                String name = entry.replace(File.separatorChar, '/');
                if (RUNTIME.matcher(name).matches() || provider && name.contains("/slf4j-nop-")) {
                    classPath.add(entry);
                }
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            if (nativeAccess) {
                command.add("--enable-native-access=ALL-UNNAMED");
            }
            command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), "Example"));
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the example did not end within 60 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
