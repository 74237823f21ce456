package io.niknotes.setup.local;

import io.niknotes.setup.support.LocalBinaries;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code local} through the shaded jar: the xz decoder and the tar reader must be in it, and servers must outlive the JVM. */
@Tag("jar")
class LocalJarTest {
    @TempDir
    Path home;

    @Test
    void startStatusStopThroughTheJar() throws Exception {
        io.niknotes.setup.support.LocalBinaries.traversable(home);
        try {
            Run start = run("local", "start", "--no-redis");
            assertThat(start.code).as(start.toString()).isZero();
            assertThat(start.out).contains("PostgreSQL 16.10 created and started").contains("NIKNOTES_ADMIN_URL=postgresql://postgres:***@127.0.0.1:");
            Run status = run("local", "status");
            assertThat(status.code).as("the server outlives the JVM that started it: " + status).isZero();
            assertThat(status.out).contains("running");
            Run stop = run("local", "stop");
            assertThat(stop.out).contains("stopped PostgreSQL");
        } finally {
            run("local", "stop");
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("niknotes.jar", "target/niknotes-setup.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("NIKNOTES_HOME", home.toString());
        pb.environment().put("NIKNOTES_MAVEN_REPOSITORY", LocalBinaries.mavenRepositoryUrl());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the jar finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
