package dev.importjobs.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar run as a user runs it, {@code java -jar importjobs-server.jar}, in a process of its own: started,
 * its port read from the line it prints, stopped with SIGTERM or killed with SIGKILL. For the *IT tests.
 */
record ServerProcess(Process process, String baseUrl, Path stderrFile) {
    static final Path JAR = Path.of(System.getProperty("importjobs.server.jar", "target/importjobs-server.jar"));
    static final Duration BOUND = Duration.ofSeconds(30);

    static ServerProcess start(Path dir, String... args) throws Exception {
        return start(dir, Map.of(), args);
    }

    /** Starts the jar with {@code env} added to this process's environment. */
    static ServerProcess start(Path dir, Map<String, String> env, String... args) throws Exception {
        Path stderr = Files.createTempFile(dir, "server-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        if (line == null || !line.matches("listening on http://127\\.0\\.0\\.1:\\d+")) {
            process.destroyForcibly();
            throw new AssertionError("expected 'listening on http://127.0.0.1:PORT', got " + line + "; stderr: "
                    + Files.readString(stderr));
        }
        return new ServerProcess(process, line.substring("listening on ".length()), stderr);
    }

    /** {@code java -jar importjobs-server.jar args…} with the JVM running these tests. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    URI url(String path) {
        return URI.create(baseUrl + path);
    }

    /** SIGTERM, then the exit status; fails unless the server ends within 15 s. */
    int stop() throws Exception {
        process.destroy();
        return awaitExit("SIGTERM");
    }

    /** SIGKILL: the process ends at once, whatever it was doing; returns its exit status. */
    int kill() throws Exception {
        process.destroyForcibly();
        return awaitExit("SIGKILL");
    }

    private int awaitExit(String signal) throws Exception {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within 15 s of " + signal);
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderrFile);
    }
}
