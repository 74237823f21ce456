package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.support.StatsFixture;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar itself (drivers registered through META-INF/services), run as a user runs it. */
@Tag("jar")
class StatsJarTest {
    @TempDir
    Path dir;

    private String run(StatsFixture db, TestServers servers, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("niknotes.jar", "target/niknotes-setup.jar"), "stats"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("DATABASE_URL", db.appUrl());
        pb.environment().put("REDIS_URL", servers.redisUrl());
        pb.environment().put("NO_COLOR", "1");
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theJarReportsAsJsonAndPrometheus() throws Exception {
        TestServers servers = TestServers.get();
        StatsFixture db = new StatsFixture(servers, "statsjar_app", "statsjar_db").create();
        JsonNode doc = new ObjectMapper().readTree(run(db, servers, "--json"));
        assertThat(doc.get("schema").asText()).isEqualTo("niknotes-setup.stats/1");
        assertThat(doc.at("/postgres/tables").size()).isGreaterThanOrEqualTo(6);
        assertThat(doc.at("/redis/available").asBoolean()).isTrue();
        assertThat(run(db, servers, "--format", "prometheus")).contains("niknotes_pg_up 1").contains("niknotes_redis_up 1")
                .doesNotContain(db.password);
    }
}
