package io.niknotes.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the shaded jar itself, as users run it: an unmerged META-INF/services (JDBC drivers, Flyway's
 * PostgreSQL plugin) or a missing class only shows up here, never on the test classpath.
 * Runs in the integration-test phase, after `package`.
 */
@Tag("jar")
class JarTest {
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        ShadedJar.path();
        servers = TestServers.get();
    }

    ShadedJar.Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return ShadedJar.run(dir, env, Duration.ofSeconds(120), args);
    }

    @Test
    void versionAndHelp() throws Exception {
        ShadedJar.Run version = run(Map.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).containsPattern("niknotes-setup \\d+\\.\\d+\\.\\d+");
        ShadedJar.Run help = run(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("check", "init", "migrate", "migrate-from-sqlite", "stats")
                .contains("Precedence: defaults < .env file < environment < flags")
                .contains("Exit codes")
                // listed since issue 13: a command that works is not hidden
                .contains("generate-completion").contains("Examples");
    }

    @Test
    void unknownOptionIsUsageError() throws Exception {
        ShadedJar.Run r = run(Map.of(), "check", "--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("Unknown option").contains("--help");
    }

    @Test
    void checkThroughTheJarFindsDriversAndPrintsOneJsonDocument() throws Exception {
        Path sample = dir.resolve("niknotes.db");
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), sample);
        ShadedJar.Run r = run(Map.of("NIKNOTES_ADMIN_URL", servers.adminUrl(), "REDIS_URL", servers.redisUrl(), "NO_COLOR", "1"),
                "check", "--json", "--require-redis");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("schema").asText()).isEqualTo("niknotes-setup.check/1");
        String all = r.out() + r.err();
        assertThat(all).contains("PostgreSQL 16").contains("quick_check ok").doesNotContain("No suitable driver")
                .doesNotContain(TestServers.PG_SUPERUSER_PASSWORD).doesNotContain(TestServers.REDIS_PASSWORD)
                .doesNotContain("SLF4J: No SLF4J providers");
    }

    @Test
    void completionScriptIsGenerated() throws Exception {
        ShadedJar.Run r = run(Map.of(), "generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete").contains("niknotes-setup");
    }
}
