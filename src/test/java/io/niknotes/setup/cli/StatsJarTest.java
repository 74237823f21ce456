package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.StatsFixture;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar itself (drivers registered through META-INF/services), run as a user runs it. */
@Tag("jar")
class StatsJarTest {
    @TempDir
    Path dir;

    private String run(StatsFixture db, TestServers servers, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "stats";
        System.arraycopy(args, 0, all, 1, args.length);
        ShadedJar.Run r = ShadedJar.run(dir, Map.of("DATABASE_URL", db.appUrl(), "REDIS_URL", servers.redisUrl(), "NO_COLOR", "1"),
                Duration.ofSeconds(60), all);
        assertThat(r.exitCode()).as(r.out()).isZero();
        return r.out();
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
