package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell example of docs/api.md as written, in order, in a real {@code bash} with {@code curl}
 * and {@code jq}, against a real server, and checks the status each one promises ({@code # → NNN}). The
 * shell gets {@code BASE}; the {@code $ID} an example leaves is handed to the next, as a reader's shell
 * would keep it. A quote out of place, or an id the docs never capture, fails here as it would for a
 * reader. Without those tools the test is skipped, except on CI ({@code CI=true}), whose .ci/run installs
 * them. An event stream ({@code curl -sN}) does not end by itself: it is read for {@link #STREAM_SECONDS} and
 * must have opened as one.
 */
class ApiDocsTest {
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PROMISE = Pattern.compile("# → (\\d{3})");
    private static final Pattern STATUS = Pattern.compile("(?m)^(\\d{3})$");
    private static final List<String> TOOLS = List.of("bash", "curl", "jq");
    private static final Pattern STREAMED = Pattern.compile("curl -sN ");
    private static final int STREAM_SECONDS = 2;

    @TempDir
    Path dir;

    @Test
    void everyShellExampleInTheApiDocsDoesWhatItSays() throws Exception {
        requireTools();
        String doc = Files.readString(Path.of("..", "docs", "api.md"));
        List<String> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(doc);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertTrue(blocks.size() >= 10, "docs/api.md has its examples");
        // curl prints each answer's status on stderr, so stdout stays the reader's (and jq's).
        String writeOut = "write-out = \"%{stderr}%{http_code}\\n\"\n";
        Path curlHome = Files.createDirectories(dir.resolve("curl"));
        Files.writeString(curlHome.resolve(".curlrc"), writeOut);
        Path streamCurlHome = Files.createDirectories(dir.resolve("curl-streams"));
        Files.writeString(streamCurlHome.resolve(".curlrc"), writeOut + "max-time = " + STREAM_SECONDS + "\n");
        Path idFile = dir.resolve("id");

        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("docs.db"));
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store)
                        .port(0).start()) {
            String id = "";
            for (String example : blocks) {
                Matcher promise = PROMISE.matcher(example);
                assertTrue(promise.find(), "every example says what it answers: " + example);
                boolean streamed = STREAMED.matcher(example).find();
                Shell shell = Shell.run(example + "\nprintf '%s' \"${ID-}\" > \"$ID_FILE\"\n", dir, Map.of(
                        "BASE", server.baseUrl(), "ID", id, "ID_FILE", idFile.toString(),
                        "CURL_HOME", (streamed ? streamCurlHome : curlHome).toString()));
                if (streamed) {
                    assertTrue(shell.stdout.startsWith(": live\n"), () -> "an event stream opened: " + example + "\n→ "
                            + shell);
                }
                List<String> statuses = new ArrayList<>();
                Matcher status = STATUS.matcher(shell.stderr);
                while (status.find()) {
                    statuses.add(status.group(1));
                }
                assertEquals(List.of(promise.group(1)), statuses, () -> example + "\n→ " + shell);
                id = Files.readString(idFile);
                assertTrue(id.matches("[0-9a-f]{24}"), () -> "the first example keeps the job's id in $ID: '"
                        + Files.exists(idFile) + "'\n" + example + "\n→ " + shell);
            }
        }
    }

    private static void requireTools() {
        List<String> missing = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
        if (!missing.isEmpty()) {
            assertNotEquals("true", System.getenv("CI"), "CI must have " + missing + " (.ci/run installs them)");
            Assumptions.abort("docs/api.md's examples need " + missing + " on the PATH");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, tool)));
    }

    /** One script run by {@code bash}, with what it printed. */
    private record Shell(int exit, String stdout, String stderr) {
        static Shell run(String script, Path dir, Map<String, String> env) throws Exception {
            Path out = Files.createTempFile(dir, "stdout", ".txt");
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bash did not finish within 60 s: " + script);
            }
            return new Shell(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
