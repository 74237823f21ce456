package io.niknotes.setup.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs target/niknotes-setup.jar as a user runs it: a child JVM in a chosen directory, stdin closed, with only the
 * settings the test gives (the connection settings of the machine running the tests are removed, and ~/.pgpass is
 * replaced by a file that does not exist), stdout and stderr captured.
 */
public final class ShadedJar {
    private ShadedJar() {
    }

    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + "\n" + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /** The jar the `package` phase built (the integration-test phase passes its path). */
    public static Path path() {
        Path jar = Path.of(System.getProperty("niknotes.jar", "target/niknotes-setup.jar")).toAbsolutePath();
        assertThat(jar).as("run `./mvnw verify`: the shaded jar is built in `package`").exists();
        return jar;
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static Run run(Path dir, Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        return run(dir, List.of(), env, timeout, args);
    }

    public static Run run(Path dir, List<String> jvmOptions, Map<String, String> env, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Started started = start(dir, jvmOptions, env, args);
        return started.await(timeout);
    }

    /** A running jar: its process (to signal), and what it printed so far. */
    public record Started(Process process, Path out, Path err) {
        public String outSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        public Run await(Duration timeout) throws IOException, InterruptedException {
            try {
                assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the jar finished within " + timeout).isTrue();
            } finally {
                if (process.isAlive()) process.destroyForcibly();
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    /** Starts the jar and returns at once. */
    public static Started start(Path dir, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", path().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "jar-out", ".txt");
        Path err = Files.createTempFile(dir, "jar-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_URL") || k.startsWith("REDIS") || k.startsWith("NIKNOTES")
                || k.startsWith("PG"));
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.environment().put("NIKNOTES_HOME", dir.resolve("no-such-niknotes-home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new Started(p, out, err);
    }
}
