package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.OwnRedis;
import io.niknotes.setup.support.StatsFixture;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {
    static int redisDb;
    static TestServers servers;
    static StatsFixture db;

    @TempDir
    Path dir;

    @BeforeAll
    static void provision() {
        servers = TestServers.get();
        redisDb = servers.ownRedisDatabase();
        db = new StatsFixture(servers, "stats_app", "stats_db").create();
    }

    private Cli cli() {
        return servers.cli(dir).env("DATABASE_URL", db.appUrl()).env("REDIS_URL", servers.redisUrl(redisDb));
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode named(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (value.equals(n.path(field).asText())) return n;
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static void assertNoSecrets(Cli.Result r) {
        Leaks.assertNoSecrets(r, db.password);
    }

    @Test
    void textReportAsTheAppRoleShowsEverySection() {
        Cli.Result r = cli().run("stats");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PostgreSQL 16.").contains("stats_db").contains("as stats_app (no superuser)")
                .contains("statistics cover").contains("Connections").contains("Buffer cache").contains("Tables")
                .contains("packing_items").contains("Indexes").contains("trips_pkey").contains("Hot queries")
                .contains("trips_of_user").contains("transaction-ID age").contains("Redis 6.")
                .contains("ai_suggestions:*").contains("trip:*");
        // pg_stat_statements is not installed on the test server: say how to enable it
        assertThat(r.out()).contains("pg_stat_statements is not installed").contains("shared_preload_libraries");
        assertThat(r.out()).doesNotContain("\u001b[");
        assertNoSecrets(r);
    }

    @Test
    void indexScansRiseByTheNumberOfLookups() throws Exception {
        db.sql("insert into users (id, username, email) values ('u-scan', 'scan', 'scan@example.org') on conflict do nothing");
        JsonNode before = named(json(cli().run("stats", "--json")).at("/postgres/indexes"), "name", "ix_users_email");
        db.lookups("select * from users where email = ?", "scan@example.org", 17, true);
        Cli.Result r = cli().run("stats", "--json");
        JsonNode after = named(json(r).at("/postgres/indexes"), "name", "ix_users_email");
        assertThat(after.get("scans").asLong()).as(r.out()).isEqualTo(before.get("scans").asLong() + 17);
        assertThat(after.get("table").asText()).isEqualTo("users");
        assertThat(after.get("unique").asBoolean()).isTrue();
    }

    @Test
    void aTableReadOnlyBySequentialScansIsReportedAsSuch() throws Exception {
        db.sql("drop table if exists seq_only", "create table seq_only (id int, note text)",
                "insert into seq_only select g, 'row ' || g from generate_series(1, 2000) g", "analyze seq_only");
        db.lookups("select count(*) from seq_only", null, 120, false);
        Cli.Result r = cli().run("stats", "--json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.FAILED.code()); // red: 0 % index scans on 2,000 rows
        JsonNode doc = json(r);
        JsonNode t = named(doc.at("/postgres/tables"), "name", "seq_only");
        assertThat(t.get("seq_scans").asLong()).isGreaterThanOrEqualTo(120);
        assertThat(t.get("index_scans").asLong()).isZero();
        assertThat(t.get("index_scan_ratio").asDouble()).isZero();
        assertThat(t.get("rows").asLong()).isEqualTo(2000);
        JsonNode f = named(doc.get("findings"), "check", "index-usage.seq_only");
        assertThat(f.get("status").asText()).isEqualTo("fail");
        assertThat(f.get("found").asText()).contains("0.0% of").contains("2,000 rows");

        Cli.Result text = cli().run("stats", "--exact");
        assertThat(text.out()).containsPattern("seq_only\\s+2,000 .*seq only");
        db.sql("drop table seq_only");
    }

    @Test
    void unusedIndexesAreOnlyFlaggedOnceStatisticsAreOldEnough() throws Exception {
        db.sql("drop table if exists unused_demo", "create table unused_demo (id int primary key, colour text)",
                "create index ix_unused_demo_colour on unused_demo (colour)",
                "insert into unused_demo select g, 'c' || g from generate_series(1, 50) g");
        // the database must have served enough index scans for "few scans" to mean something
        db.lookups("select * from unused_demo where id = 7 and ? is not null", "x", 1000, true);

        Cli.Result fresh = cli().run("stats", "--json");
        JsonNode doc = json(fresh);
        assertThat(doc.get("findings").findValuesAsText("check")).doesNotContain("unused-index.ix_unused_demo_colour")
                .contains("unused-index");
        assertThat(named(doc.get("findings"), "check", "unused-index").get("found").asText()).contains("not judged yet");

        Cli.Result old = cli().run("stats", "--json", "--min-stats-age", "0");
        JsonNode flagged = named(json(old).get("findings"), "check", "unused-index.ix_unused_demo_colour");
        assertThat(flagged.get("status").asText()).isEqualTo("warn");
        assertThat(flagged.get("found").asText()).contains("0 scans").contains("consider dropping");
        assertThat(flagged.get("fix").asText()).contains("DROP INDEX CONCURRENTLY ix_unused_demo_colour");
        db.sql("drop table unused_demo");
    }

    @Test
    void hotQueriesNameTheirIndexAndExcuseSmallTables() throws Exception {
        Cli.Result r = cli().run("stats", "--json", "--analyze");
        JsonNode hot = json(r).at("/postgres/hot_queries");
        assertThat(hot.size()).isEqualTo(8);
        assertThat(named(hot, "name", "trip_by_id").get("indexes").toString()).contains("trips_pkey");
        assertThat(named(hot, "name", "trip_by_id").get("actual_ms").isNumber()).isTrue();
        // trips is empty and was never analyzed: the planner takes the index, the finding is ok
        assertThat(named(hot, "name", "trips_of_user").get("seq_scans").size()).as(r.out()).isZero();
        assertThat(named(json(r).get("findings"), "check", "hot-query.trips_of_user").get("status").asText()).isEqualTo("ok");
    }

    @Test
    void aSequentialScanOnASmallAnalyzedTableIsExcused() throws Exception {
        // a database of its own: a few analyzed trips make the planner read the one page rather than the index
        StatsFixture small = new StatsFixture(servers, "stats_small_app", "stats_small_db").create();
        small.sql("insert into users (id, username, email) values ('u-small', 'small', 'small@example.org')",
                "insert into trips (id, user_id, destination, start_date, end_date) select 'small-' || g, 'u-small', 'City', '2026-01-01',"
                        + " '2026-01-02' from generate_series(1, 20) g",
                "analyze trips");
        Cli.Result r = cli().env("DATABASE_URL", small.appUrl()).run("stats", "--json", "--analyze");
        assertThat(named(json(r).at("/postgres/hot_queries"), "name", "trips_of_user").get("seq_scans").size()).as(r.out()).isPositive();
        JsonNode byUser = named(json(r).get("findings"), "check", "hot-query.trips_of_user");
        assertThat(byUser.get("status").asText()).isEqualTo("info");
        assertThat(byUser.get("found").asText()).contains("sequential scan on trips").contains("expected on a table this small");
        Leaks.assertNoSecrets(r, small.password);
    }

    /** The hit rate is server-wide and this test makes it red: on a Redis of its own, so that no other test sees it. */
    @Test
    void redisHitRateAndKeysPerPrefix() throws Exception {
        Cli.Result r;
        try (OwnRedis own = OwnRedis.start(); Jedis j = own.client(3)) {
            for (int i = 0; i < 5; i++) j.setex("ai_suggestions:" + i, 86_400, "x");
            for (int i = 0; i < 3; i++) j.setex("ai_trip_mapping:" + i, 86_400, "x");
            for (int i = 0; i < 8; i++) j.setex("trip:" + i, 1_800, "x");
            j.set("unrelated", "x");
            j.configResetStat();
            for (int i = 0; i < 30; i++) j.get("trip:" + (i % 8));
            for (int i = 0; i < 70; i++) j.get("trip:missing-" + i);
            r = cli().env("REDIS_URL", own.url(3)).run("stats", "--json");
        }
        JsonNode doc = json(r);
        JsonNode redis = doc.get("redis");
        assertThat(redis.get("keyspace_hits").asLong()).as(r.out()).isEqualTo(30);
        assertThat(redis.get("keyspace_misses").asLong()).isEqualTo(70);
        assertThat(redis.get("hit_rate").asDouble()).isEqualTo(0.30);
        assertThat(redis.get("db_keys").asLong()).isEqualTo(17);
        JsonNode prefixes = redis.get("prefixes");
        assertThat(named(prefixes, "prefix", "ai_suggestions:").get("keys").asLong()).isEqualTo(5);
        assertThat(named(prefixes, "prefix", "ai_trip_mapping:").get("keys").asLong()).isEqualTo(3);
        JsonNode trip = named(prefixes, "prefix", "trip:");
        assertThat(trip.get("keys").asLong()).isEqualTo(8);
        assertThat(trip.at("/ttl_seconds/max").asLong()).isBetween(1_700L, 1_800L);
        assertThat(trip.at("/ttl_buckets/30m-6h").asLong() + trip.at("/ttl_buckets/1m-30m").asLong()).isEqualTo(8);
        assertThat(named(prefixes, "prefix", "ai_suggestions:").at("/ttl_buckets/6h-24h").asLong()).isEqualTo(5);
        // 30 % over 100 lookups is red: the run fails
        assertThat(named(doc.get("findings"), "check", "hit-rate").get("status").asText()).isEqualTo("fail");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED.code());
        assertNoSecrets(r);
    }

    @Test
    void jsonFollowsItsDocumentedShape() throws Exception {
        Cli.Result r = cli().run("stats", "--json");
        JsonNode doc = json(r);
        assertThat(doc.get("schema").asText()).isEqualTo("niknotes-setup.stats/1");
        assertThat(doc.fieldNames()).toIterable().containsExactly("schema", "collected_at", "status", "exit_code", "postgres",
                "pooler", "redis", "findings", "notes");
        assertThat(doc.get("pooler").isNull()).as("straight to PostgreSQL: no pooler").isTrue();
        JsonNode pg = doc.get("postgres");
        assertThat(pg.fieldNames()).toIterable().containsExactly("version", "version_num", "database", "database_bytes",
                "uptime_seconds", "user", "superuser", "stats", "connections", "cache_hit", "tables", "indexes", "hot_queries",
                "slow_queries", "sequences", "wraparound");
        assertThat(pg.get("database_bytes").asLong()).isPositive();
        // a freshly provisioned database: the window starts when the schema was installed, not at the server's start
        assertThat(pg.at("/stats/source").asText()).isEqualTo("schema installed");
        assertThat(pg.at("/stats/age_seconds").asLong()).isBetween(0L, 3_600L);
        assertThat(pg.at("/connections/total").asInt()).isPositive();
        assertThat(pg.at("/connections/app/pool").asInt()).isEqualTo(60);
        assertThat(pg.get("cache_hit").fieldNames()).toIterable().contains("heap_ratio", "index_ratio");
        assertThat(named(pg.get("tables"), "name", "trips").fieldNames()).toIterable().containsExactly("name", "rows", "rows_exact",
                "table_bytes", "index_bytes", "toast_bytes", "seq_scans", "index_scans", "index_scan_ratio", "live_tuples",
                "dead_tuples", "last_vacuum", "last_autovacuum", "last_analyze", "last_autoanalyze");
        assertThat(named(pg.get("indexes"), "name", "trips_pkey").fieldNames()).toIterable().containsExactly("name", "table",
                "scans", "bytes", "unique", "primary", "valid", "partial", "covered_by", "last_scan", "definition");
        assertThat(pg.at("/slow_queries/available").asBoolean()).isFalse();
        assertThat(pg.at("/slow_queries/threshold_ms").asDouble()).isEqualTo(200.0);
        assertThat(named(pg.get("sequences"), "name", "audit_logs_id_seq").has("used_ratio")).isTrue();
        assertThat(pg.at("/wraparound/xid_age").asLong()).isPositive();
        assertThat(doc.at("/redis/available").asBoolean()).isTrue();
        assertThat(doc.get("redis").fieldNames()).toIterable().contains("version", "hit_rate", "used_memory_bytes",
                "maxmemory_policy", "evicted_keys", "expired_keys", "latency_ms", "prefixes");
        JsonNode f = doc.get("findings").get(0);
        assertThat(f.fieldNames()).toIterable().contains("area", "check", "status", "found");
        assertThat(doc.get("exit_code").asInt()).isEqualTo(r.exitCode());
        assertNoSecrets(r);
    }

    @Test
    void theAppRoleWithoutSuperuserGetsTheReportWithANoteAboutHiddenSessions() throws Exception {
        try (Connection other = servers.superuser("postgres")) {
            assertThat(other.isValid(2)).isTrue();
            Cli.Result r = cli().run("stats", "--json");
            JsonNode doc = json(r);
            assertThat(doc.at("/postgres/superuser").asBoolean()).isFalse();
            assertThat(doc.at("/postgres/connections/hidden").asInt()).isPositive();
            assertThat(doc.get("notes").toString()).contains("hidden from stats_app").contains("pg_read_all_stats");
            assertThat(doc.at("/postgres/tables").size()).isGreaterThanOrEqualTo(6);

            Cli.Result text = cli().run("stats");
            assertThat(text.out()).contains("Notes").contains("(hidden)");

            Cli.Result admin = cli().env("DATABASE_URL", servers.appUrl("postgres", TestServers.PG_SUPERUSER_PASSWORD, db.database))
                    .run("stats", "--json");
            assertThat(json(admin).at("/postgres/connections/hidden").asInt()).isZero();
            assertThat(json(admin).get("notes").toString()).doesNotContain("hidden from");
            assertNoSecrets(admin);
        }
    }

    @Test
    void prometheusExpositionFormat() {
        Cli.Result r = cli().run("stats", "--format", "prometheus");
        assertThat(r.out()).contains("# TYPE niknotes_pg_index_scans_total counter")
                .contains("niknotes_pg_up 1").contains("niknotes_redis_up 1")
                .containsPattern("niknotes_pg_table_rows\\{table=\"trips\"} \\d+")
                .containsPattern("niknotes_redis_prefix_keys\\{prefix=\"trip:\"} \\d+");
        for (String line : r.out().split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
            assertThat(line).matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? -?[0-9.]+(e[-+]?[0-9]+)?");
        }
        assertNoSecrets(r);
    }

    @Test
    void watchRepeatsPlainlyWhenNotATerminal() {
        Cli.Result r = cli().run("stats", "--watch", "--interval", "1", "--count", "2", "--short");
        assertThat(r.out().split("--- ", -1)).hasSize(3);
        assertThat(r.out()).doesNotContain("\u001b[");
        assertThat(r.out()).contains("PostgreSQL 16.").contains("hot queries:");
        Cli.Result bad = cli().run("stats", "--watch", "--json");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void watchRedrawsInPlaceOnATerminal() {
        Map<String, String> vars = Map.of("DATABASE_URL", db.appUrl(), "REDIS_URL", servers.redisUrl(),
                "PGPASSFILE", dir.resolve("none").toString());
        Environment terminal = new Environment(vars, dir, dir, true, true);
        StringWriter out = new StringWriter();
        int code = NikNotesSetup.commandLine(terminal).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true))
                .execute("stats", "--watch", "--interval", "1", "--count", "2", "--short");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString().split("\u001b\\[H\u001b\\[2J", -1)).hasSize(3); // cleared and redrawn twice
        assertThat(out.toString()).contains("\u001b[1m"); // bold titles: colours are on for a terminal

        StringWriter full = new StringWriter();
        NikNotesSetup.commandLine(terminal).setOut(new PrintWriter(full, true)).setErr(new PrintWriter(new StringWriter(), true))
                .execute("stats");
        // trip_by_id uses trips_pkey: painted green
        assertThat(full.toString()).containsPattern("trip_by_id\\s+\u001b\\[32mtrips_pkey");
    }

    @Test
    void redisIsOptionalUnlessRequired() {
        String down = "redis://127.0.0.1:" + TestServers.freePort() + "/0";
        Cli.Result optional = cli().env("REDIS_URL", down).run("stats", "--short", "--connect-timeout", "2");
        assertThat(optional.exitCode()).as(optional.toString()).isZero();
        assertThat(optional.out()).contains("Redis unavailable").contains("cannot connect to Redis at 127.0.0.1");
        Cli.Result required = cli().env("REDIS_URL", down).run("stats", "--require-redis", "--connect-timeout", "2");
        assertThat(required.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
    }

    @Test
    void postgresDownIsCannotConnect() {
        int port = TestServers.freePort();
        Cli.Result r = cli().env("DATABASE_URL", "postgresql://stats_app:x@127.0.0.1:" + port + "/stats_db")
                .run("stats", "--connect-timeout", "2");
        assertThat(r.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.err()).contains("cannot connect to PostgreSQL at 127.0.0.1:" + port);
    }
}
