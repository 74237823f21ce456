package io.niknotes.setup.cli;

import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code init} and {@code migrate} from the shaded jar: Flyway's PostgreSQL plugin is found through the merged
 * META-INF/services, and the migrations are read from inside the jar (also without a database, by a dry run).
 */
@Tag("jar")
class InitJarTest {
    static final String PASSWORD = "jar-init-Pw-" + Long.toHexString(System.nanoTime());
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        ShadedJar.path();
        servers = TestServers.get();
    }

    private String[] run(String... args) throws Exception {
        ShadedJar.Run r = ShadedJar.run(dir, Map.of("NIKNOTES_ADMIN_URL", servers.adminUrl(),
                "DATABASE_URL", "postgresql://init_jar_user@127.0.0.1:" + servers.pgPort() + "/init_jar_db",
                "NIKNOTES_DB_PASSWORD", PASSWORD, "REDIS_URL", servers.redisUrl()), Duration.ofSeconds(180), args);
        return new String[] {Integer.toString(r.exitCode()), r.out(), r.err()};
    }

    @Test
    void initFromTheJarAppliesTheMigrationsInsideIt() throws Exception {
        servers.sql("postgres", "drop database if exists init_jar_db with (force)", "drop role if exists init_jar_user");
        String[] dry = run("init", "--dry-run");
        assertThat(dry[0]).as(String.join("\n", dry)).isEqualTo("0");
        assertThat(dry[1]).contains("would apply V1__niknotes_schema.sql, V2__model_indexes.sql, V3__hot_query_indexes.sql");

        String[] r = run("init");
        assertThat(r[0]).as(String.join("\n", r)).isEqualTo("0");
        assertThat(r[1]).contains("applied V1 niknotes schema, V2 model indexes, V3 hot query indexes");
        assertThat(String.join("\n", r)).doesNotContain(PASSWORD).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD);
        try (Connection c = servers.superuser("init_jar_db")) {
            assertThat(Catalog.rows(c, "select version from flyway_schema_history order by installed_rank")).containsExactly("1", "2", "3");
        }
        String[] info = run("migrate", "info");
        assertThat(info[0]).as(String.join("\n", info)).isEqualTo("0");
        assertThat(info[1]).contains("hot query indexes").contains("Success");

        // the schema comparison builds the expected schema from the migrations inside the jar, too
        assertThat(r[1]).containsPattern("schema +no drift from the migrations");
        servers.sql("init_jar_db", "drop index idx_audit_timestamp_desc");
        String[] drift = run("check", "--schema");
        assertThat(drift[0]).as(String.join("\n", drift)).isEqualTo("8");
        assertThat(drift[1]).contains("index idx_audit_timestamp_desc").contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_timestamp_desc");
    }
}
