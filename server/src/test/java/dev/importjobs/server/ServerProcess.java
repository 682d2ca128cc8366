package dev.importjobs.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server jar as a process: started, its address read from the line it prints, stopped with SIGTERM.
 * Its stderr goes to a file; a {@code prefix} runs it through another command ({@code unshare},
 * {@code env NAME=value}, say).
 *
 * @param startup the lines it printed on start, the address last
 */
record ServerProcess(Process process, HttpCalls http, Path stderrFile, List<String> startup) {
    static final Path JAR = Path.of(System.getProperty("importjobs.server.jar", "target/importjobs-server.jar"));

    static ServerProcess start(Path dir, String... args) throws Exception {
        return start(dir, List.of(), args);
    }

    static ServerProcess start(Path dir, List<String> prefix, String... args) throws Exception {
        Path stderr = Files.createTempFile(dir, "server-stderr", ".txt");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(command(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = CompletableFuture.supplyAsync(() -> {
            List<String> read = new ArrayList<>();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    read.add(line);
                    if (line.startsWith("listening on ")) {
                        break;
                    }
                }
                return read;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(HttpCalls.BOUND.toSeconds(), TimeUnit.SECONDS);
        // docs/server.md: the version, the database, the auth mode, then the address on a line of its own.
        String last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (lines.size() != 4 || !last.matches("listening on http://127\\.0\\.0\\.1:\\d+")
                || !lines.get(0).matches("importjobs \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")
                || !lines.get(1).startsWith("database: ") || !lines.get(2).startsWith("auth: ")) {
            process.destroyForcibly();
            throw new AssertionError("expected the version, database and auth lines, then 'listening on "
                    + "http://127.0.0.1:PORT', got " + lines + "; stderr: " + Files.readString(stderr));
        }
        return new ServerProcess(process, new HttpCalls(last.substring("listening on ".length())), stderr,
                List.copyOf(lines));
    }

    /** {@code java -jar importjobs-server.jar args…} with the JVM running the tests. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then the exit status; fails unless the server ends within 15 s. */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within 15 s of SIGTERM");
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderrFile);
    }
}
