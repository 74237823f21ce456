package io.niknotes.setup.local;

import io.niknotes.setup.support.LocalBinaries;
import io.niknotes.setup.support.ShadedJar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code local} through the shaded jar: the xz decoder and the tar reader must be in it, and servers must outlive the JVM. */
@Tag("jar")
class LocalJarTest {
    @TempDir
    Path home;

    @Test
    void startStatusStopThroughTheJar() throws Exception {
        LocalBinaries.traversable(home);
        try {
            ShadedJar.Run start = run("local", "start", "--no-redis");
            assertThat(start.exitCode()).as(start.toString()).isZero();
            assertThat(start.out()).contains("PostgreSQL 16.10 created and started").contains("NIKNOTES_ADMIN_URL=postgresql://postgres:***@127.0.0.1:");
            ShadedJar.Run status = run("local", "status");
            assertThat(status.exitCode()).as("the server outlives the JVM that started it: " + status).isZero();
            assertThat(status.out()).contains("running");
            ShadedJar.Run stop = run("local", "stop");
            assertThat(stop.out()).contains("stopped PostgreSQL");
        } finally {
            run("local", "stop");
        }
    }

    private ShadedJar.Run run(String... args) throws Exception {
        return ShadedJar.run(home, Map.of("NIKNOTES_HOME", home.toString(), "NIKNOTES_MAVEN_REPOSITORY", LocalBinaries.mavenRepositoryUrl()),
                Duration.ofSeconds(180), args);
    }
}
