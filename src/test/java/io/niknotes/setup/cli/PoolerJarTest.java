package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.CopyOracle;
import io.niknotes.setup.support.PgBouncer;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar through a real PgBouncer (transaction mode, SCRAM; {@link PgBouncer}): pgjdbc's pooler settings,
 * Flyway and the copy over DIRECT_URL, and PgBouncer's admin console read with the SCRAM client merged into the jar.
 * What each command does through a pooler is {@code PoolerTest}'s subject (in-process); this proves the jar as users
 * run it: init writes the pooled URL to .env, and the later commands take it from there.
 */
@Tag("jar")
class PoolerJarTest {
    static final String DB = "pool_jar";
    /** The app's role is one of PgBouncer's stats_users, so stats shows the pool's own figures. */
    static final String ROLE = PgBouncer.STATS_USER;
    static final String PASSWORD = PgBouncer.STATS_PASSWORD;
    static final List<String> TABLES = List.of("users", "trips", "travelers", "packing_items", "audit_logs");

    @TempDir
    Path dir;

    @Test
    void initMigrateFromSqliteAndStatsThroughPgBouncerFromTheJar() throws Exception {
        ShadedJar.path();
        TestServers servers = TestServers.get();
        PgBouncer bouncer = PgBouncer.get(servers);
        servers.sql("postgres", "drop database if exists " + DB + " with (force)", "drop role if exists " + ROLE);
        String pooled = bouncer.url(ROLE, PASSWORD, DB);
        String direct = "postgresql://127.0.0.1:" + servers.pgPort() + "/";

        ShadedJar.Run init = ShadedJar.run(dir, Map.of("DATABASE_URL", pooled, "DIRECT_URL", direct,
                "NIKNOTES_ADMIN_URL", servers.adminUrl(), "REDIS_URL", servers.redisUrl(), "NO_COLOR", "1"), Duration.ofSeconds(180), "init");
        assertThat(init.exitCode()).as(init + bouncer.log()).isZero();
        assertThat(init.out()).contains("applied V1 niknotes schema");
        String env = Files.readString(dir.resolve(".env"));
        assertThat(env).as("the app keeps its pooled URL").contains("DATABASE_URL=" + pooled).doesNotContain(":" + servers.pgPort() + "/");

        // DATABASE_URL from the .env init wrote (the pooler), the copy over DIRECT_URL
        Path sample = CopyFixtures.sampleCopy(dir, "niknotes.db");
        ShadedJar.Run copy = ShadedJar.run(dir, List.of("-Xmx256m"), Map.of("DIRECT_URL", direct), Duration.ofSeconds(180),
                "migrate-from-sqlite", sample.toString(), "--json");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        JsonNode copied = new ObjectMapper().readTree(copy.out());
        for (JsonNode t : copied.get("tables")) assertThat(t.at("/verification/matches").asBoolean()).as(t.toString()).isTrue();
        try (Connection c = servers.superuser(DB)) {
            for (String t : TABLES) {
                long source = CopyFixtures.countSqlite(sample, "select count(*) from " + t);
                assertThat(source).as(t).isPositive();
                assertThat(Catalog.rows(c, "select count(*) from " + t)).as(t).containsExactly(Long.toString(source));
            }
        }
        CopyOracle.of(sample, DB).as(ROLE, PASSWORD).assertCopied();
        assertThat(Files.readString(dir.resolve(".env"))).isEqualTo(env);

        // stats through the pooler: the server's figures, and PgBouncer's own from its console
        Map<String, String> noRedis = Map.of("REDIS_URL", "redis://127.0.0.1:1/0", "NO_COLOR", "1");
        ShadedJar.Run json = ShadedJar.run(dir, noRedis, Duration.ofSeconds(120), "stats", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.at("/postgres/database").asText()).isEqualTo(DB);
        assertThat(doc.at("/pooler/address").asText()).isEqualTo("127.0.0.1:" + bouncer.port());
        assertThat(doc.at("/pooler/console_read").asBoolean()).as(doc.get("pooler").toString()).isTrue();
        assertThat(doc.at("/pooler/pool/pool_mode").asText()).isEqualTo("transaction");
        assertThat(doc.at("/pooler/pool/clients_active").asInt()).isPositive();
        assertThat(doc.at("/pooler/stats/transactions").asLong()).isPositive();
        ShadedJar.Run text = ShadedJar.run(dir, noRedis, Duration.ofSeconds(120), "stats");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("include the pooler's server connections").contains("pool " + DB + "/" + ROLE + ", transaction mode")
                .containsPattern("clients [1-9]\\d* active");
        for (ShadedJar.Run r : List.of(init, copy, json, text)) {
            assertThat(r.all()).doesNotContain(PASSWORD).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD);
        }
    }
}
