package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.PgBouncer;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command through a real PgBouncer in transaction mode with SCRAM ({@link PgBouncer}) in front of the suite's
 * PostgreSQL: what needs one session goes to DIRECT_URL, or is refused before anything changes; .env keeps the
 * pooled URL.
 */
class PoolerTest {
    static final String PASSWORD = "pool-Pw-" + Long.toHexString(System.nanoTime());
    static final List<String> TABLES = List.of("users", "trips", "travelers", "packing_items", "audit_logs");
    /** stats here is about PostgreSQL through the pooler: Redis's latency on a busy machine is not the subject */
    static final String NO_REDIS = "redis://127.0.0.1:1/0";
    static TestServers servers;
    static PgBouncer bouncer;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
        bouncer = PgBouncer.get(servers);
    }

    private String direct() {
        return "postgresql://127.0.0.1:" + servers.pgPort() + "/";
    }

    /** The tool with DATABASE_URL through the pooler (the administrator is the suite's superuser on the server itself). */
    private Cli pooled(String role, String password, String db) {
        return servers.cli(dir).env("DATABASE_URL", bouncer.url(role, password, db));
    }

    private static List<String> publicTables(String db) throws Exception {
        try (Connection c = servers.superuser(db)) {
            return Catalog.rows(c, "select tablename from pg_tables where schemaname = 'public' and tablename not like 'flyway%' order by 1");
        }
    }

    @Test
    void initThroughThePoolerProvisionsOverDirectUrlAndKeepsThePooledUrlInEnvWithoutItItRefusesBeforeChangingAnything() throws Exception {
        String db = "pool_init";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + db);

        // a first init through the pooler alone: the role cannot log in yet, the administrator tells; nothing is created
        // (another name: PgBouncer holds back logins to a pool whose login just failed, server_login_retry)
        String other = "pool_first";
        servers.sql("postgres", "drop database if exists " + other + " with (force)", "drop role if exists " + other);
        Cli.Result first = pooled(other, PASSWORD, other).run("init");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(first.out() + first.err()).contains("goes through a connection pooler").contains("nothing was changed");
        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.rows(c, "select rolname from pg_roles where rolname = '" + other + "' union all "
                    + "select datname from pg_database where datname = '" + other + "'")).isEmpty();
        }
        assertThat(dir.resolve(".env")).doesNotExist();

        // with DIRECT_URL: provisioned, migrated and the sample copied over the direct connection
        Path sample = CopyFixtures.sampleCopy(dir, "sample.db");
        Cli.Result init = pooled(db, PASSWORD, db).env("DIRECT_URL", direct()).run("init", "--from-sqlite", sample.toString());
        assertThat(init.exitCode()).as(init + bouncer.log()).isZero();
        for (String t : TABLES) {
            try (Connection c = servers.superuser(db)) {
                assertThat(Catalog.rows(c, "select count(*) from " + t)).as(t).containsExactly(Long.toString(CopyFixtures.countSqlite(sample, "select count(*) from " + t)));
            }
        }
        String env = Files.readString(dir.resolve(".env"));
        assertThat(env).contains("DATABASE_URL=postgresql://" + db + ":" + PASSWORD + "@127.0.0.1:" + bouncer.port() + "/" + db)
                .doesNotContain(":" + servers.pgPort() + "/");
        assertThat(publicTables(db)).containsAll(TABLES);

        Cli.Result check = pooled(db, PASSWORD, db).run("check");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out() + check.err()).contains("goes through a connection pooler").contains("DIRECT_URL");

        // the same init without DIRECT_URL: refused, nothing touched (role, database, history, indexes, .env)
        String before = Catalog.snapshot(servers, db, db);
        Cli.Result refused = pooled(db, PASSWORD, db).run("init", "--reset-password");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.out() + refused.err()).contains("goes through a connection pooler").contains("DIRECT_URL or --direct-url")
                .contains("nothing was changed").doesNotContain(PASSWORD);
        assertThat(Catalog.snapshot(servers, db, db)).isEqualTo(before);
        assertThat(Files.readString(dir.resolve(".env"))).isEqualTo(env);
    }

    @Test
    void migrateRefusesThroughThePoolerAloneAndAppliesOverDirectUrlWhileInfoReadsThroughThePooler() throws Exception {
        String db = servers.ownedDatabase("pool_mig", PASSWORD);

        Cli.Result refused = pooled(db, PASSWORD, db).run("migrate");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.out() + refused.err()).contains("DATABASE_URL (127.0.0.1:" + bouncer.port() + ") goes through a connection pooler")
                .contains("DIRECT_URL");
        assertThat(publicTables(db)).isEmpty();

        Cli.Result applied = pooled(db, PASSWORD, db).env("DIRECT_URL", direct()).run("migrate");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("applied V1 niknotes schema");
        assertThat(publicTables(db)).containsAll(TABLES);

        Cli.Result info = pooled(db, PASSWORD, db).run("migrate", "info");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("Success").contains("hot query indexes");

        // the server's figures; the pool's own are on PgBouncer's console, which does not know this user (not in auth_file)
        Cli.Result stats = pooled(db, PASSWORD, db).env("REDIS_URL", NO_REDIS).run("stats");
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        assertThat(stats.out() + stats.err()).contains("include the pooler's server connections")
                .contains("the pool's own figures (clients waiting, max wait) are not shown")
                .contains("no answer to the login of " + db).contains("`stats_users = " + db + "`").doesNotContain(PASSWORD);

        Cli.Result schema = pooled(db, PASSWORD, db).env("DIRECT_URL", direct()).run("check", "--schema");
        assertThat(schema.exitCode()).as(schema.toString()).isZero();
        Cli.Result schemaRefused = pooled(db, PASSWORD, db).run("check", "--schema");
        assertThat(schemaRefused.exitCode()).as(schemaRefused.toString()).isNotZero();
        assertThat(schemaRefused.out() + schemaRefused.err()).contains("check --schema needs one PostgreSQL session").contains("DIRECT_URL");

        // DIRECT_URL that is the pooler too is no way around it
        Cli.Result pooledTwice = pooled(db, PASSWORD, db).env("DIRECT_URL", bouncer.url(db, PASSWORD, db)).run("migrate");
        assertThat(pooledTwice.exitCode()).as(pooledTwice.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(pooledTwice.out() + pooledTwice.err()).contains("DIRECT_URL (127.0.0.1:" + bouncer.port() + ") goes through a connection pooler too");
    }

    @Test
    void theSampleCopiesOverDirectUrlVerifiedEqualAndStatsReadsTheServerThroughThePooler() throws Exception {
        String db = CopyFixtures.newDatabase("pool_copy");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        Cli through = pooled(CopyFixtures.ROLE, CopyFixtures.PASSWORD, db);

        Cli.Result refused = through.run("migrate-from-sqlite", "--json");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.out() + refused.err()).contains("migrate-from-sqlite needs one PostgreSQL session").contains("DIRECT_URL");
        JsonNode error = new ObjectMapper().readTree(refused.out()); // --json: one document on stdout, the refusal too
        assertThat(error.toString()).contains("DIRECT_URL").doesNotContain(CopyFixtures.PASSWORD);
        for (String t : TABLES) assertThat(CopyFixtures.count(db, "select count(*) from " + t)).as(t).isZero();

        Cli.Result copied = pooled(CopyFixtures.ROLE, CopyFixtures.PASSWORD, db).env("DIRECT_URL", direct()).run("migrate-from-sqlite", "--json");
        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(copied.out());
        for (JsonNode t : doc.get("tables")) assertThat(t.get("verification").get("matches").asBoolean()).as(t.toString()).isTrue();
        for (String t : TABLES) {
            assertThat(CopyFixtures.count(db, "select count(*) from " + t)).as(t).isEqualTo(CopyFixtures.countSqlite(file, "select count(*) from " + t));
        }
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isPositive();

        Cli.Result stats = pooled(CopyFixtures.ROLE, CopyFixtures.PASSWORD, db).env("REDIS_URL", NO_REDIS).run("stats");
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        assertThat(stats.out() + stats.err()).contains("goes through a connection pooler").contains("the pooler's server connections");
        assertThat(stats.out()).contains("trips");
    }

    @Test
    void statsShowsPgBouncersOwnFiguresForTheAppsPoolWhenItsUserIsAStatsUser() throws Exception {
        String db = servers.ownedDatabase(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD);
        Cli.Result text = pooled(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, db).env("REDIS_URL", NO_REDIS).env("NO_COLOR", "1").run("stats");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Pooler  127.0.0.1:" + bouncer.port() + " · PgBouncer 1.")
                .contains("pool " + db + "/" + PgBouncer.STATS_USER + ", transaction mode")
                .containsPattern("clients [1-9]\\d* active \\(this report's one of them\\), 0 waiting \\(max wait 0\\.000 s\\)")
                .containsPattern("server connections \\d+ active, \\d+ idle, \\d+ used")
                .containsPattern("last stats_period: average transaction \\d+\\.\\d\\d ms, query \\d+\\.\\d\\d ms, wait for a server \\d+\\.\\d\\d ms")
                .contains("include the pooler's server connections")
                .doesNotContain("are not shown").doesNotContain(PgBouncer.STATS_PASSWORD);

        Cli.Result json = pooled(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, db).env("REDIS_URL", NO_REDIS).run("stats", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode pooler = new ObjectMapper().readTree(json.out()).get("pooler");
        assertThat(pooler.get("address").asText()).isEqualTo("127.0.0.1:" + bouncer.port());
        assertThat(pooler.get("console_read").asBoolean()).isTrue();
        assertThat(pooler.get("unavailable").isNull()).isTrue();
        assertThat(pooler.at("/pool/pool_mode").asText()).isEqualTo("transaction");
        assertThat(pooler.at("/pool/user").asText()).isEqualTo(PgBouncer.STATS_USER);
        assertThat(pooler.at("/pool/clients_active").asInt()).as(pooler.toString()).isPositive();
        assertThat(pooler.at("/pool/clients_waiting").asInt()).isZero();
        assertThat(pooler.at("/pool/max_wait_seconds").isNumber()).isTrue();
        assertThat(pooler.at("/pool/servers_active").asInt() + pooler.at("/pool/servers_idle").asInt() + pooler.at("/pool/servers_used").asInt())
                .as("the first report's server connection stays in the pool").isPositive();
        assertThat(pooler.at("/stats/transactions").asLong()).as("the first report's transactions are counted").isPositive();
        assertThat(pooler.at("/stats/avg_wait_ms").isNumber()).isTrue();
        assertThat(json.out()).doesNotContain(PgBouncer.STATS_PASSWORD).contains("\"area\" : \"pooler\"");

        Cli.Result summary = pooled(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, db).env("REDIS_URL", NO_REDIS).env("NO_COLOR", "1")
                .run("stats", "--short");
        assertThat(summary.exitCode()).as(summary.toString()).isZero();
        assertThat(summary.out()).containsPattern("  PgBouncer pool: [1-9]\\d* clients active, 0 waiting \\(max wait 0\\.000 s\\) · \\d+ server connections active, \\d+ idle");

        Cli.Result prometheus = pooled(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, db).env("REDIS_URL", NO_REDIS).run("stats", "--format", "prometheus");
        assertThat(prometheus.exitCode()).as(prometheus.toString()).isZero();
        assertThat(prometheus.out()).contains("niknotes_pgbouncer_console_up 1").contains("niknotes_pgbouncer_clients{state=\"waiting\"} 0")
                .containsPattern("niknotes_pgbouncer_avg_seconds\\{of=\"wait\"} ");
    }
}
