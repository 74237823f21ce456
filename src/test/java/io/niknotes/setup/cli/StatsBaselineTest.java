package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * stats judges the app's activity, not the tool's: right after init has copied the sample (index builds, foreign-key
 * validation, checksums, ANALYZE: all sequential scans) nothing is red, stats' own runs add nothing, and N sequential
 * scans by the app afterwards are counted exactly.
 */
class StatsBaselineTest {
    static final String ROLE = "baseline_user";
    static final String DB = "baseline_db";
    static final String PASSWORD = "baseline-Pw-" + Long.toHexString(System.nanoTime());
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
        servers.sql("postgres", "drop database if exists " + DB + " with (force)", "drop role if exists " + ROLE);
    }

    private Cli cli() {
        return new Cli(dir)
                .env("NIKNOTES_ADMIN_URL", servers.adminUrl())
                .env("DATABASE_URL", "postgresql://" + ROLE + "@127.0.0.1:" + servers.pgPort() + "/" + DB)
                .env("NIKNOTES_DB_PASSWORD", PASSWORD);
    }

    private static JsonNode table(JsonNode stats, String name) {
        for (JsonNode t : stats.path("postgres").path("tables")) if (name.equals(t.path("name").asText())) return t;
        throw new AssertionError("no table " + name + " in " + stats.path("postgres").path("tables"));
    }

    private static long failures(JsonNode stats) {
        long n = 0;
        for (JsonNode f : stats.path("findings")) if ("fail".equals(f.path("status").asText())) n++;
        return n;
    }

    @Test
    void theCopysOwnScansAreNotTheAppsAndTheAppsAreCountedExactly() throws Exception {
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), dir.resolve("niknotes.db"));
        Cli.Result init = cli().run("init", "--from-sqlite", "niknotes.db");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out()).contains("NikNotes can start").doesNotContain("✗").doesNotContain("red,");

        // stats, run again and again with no app traffic: nothing red, and its own reads are not counted
        JsonNode stats = null;
        for (int i = 0; i < 3; i++) {
            Cli.Result r = cli().run("stats", "--json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            stats = new ObjectMapper().readTree(r.out());
            assertThat(failures(stats)).as(r.out()).isZero();
            assertThat(table(stats, "packing_items").required("seq_scans").asLong()).as("scans counted after the copy").isZero();
            assertThat(table(stats, "trips").required("seq_scans").asLong()).isZero();
        }
        assertThat(stats.path("postgres").path("stats").path("source").asText()).isEqualTo("init finished");
        // the tool's own tables (the copy's state, this baseline) are no part of the app's report
        for (JsonNode t : stats.path("postgres").path("tables")) {
            assertThat(t.path("name").asText()).doesNotStartWith("niknotes_copy.").doesNotStartWith("niknotes_setup.");
        }
        // counted when init finished and unchanged since: exact, not the planner's estimate
        assertThat(table(stats, "packing_items").required("rows").asLong()).isEqualTo(3387);
        assertThat(table(stats, "packing_items").required("rows_exact").asBoolean()).isTrue();

        // the app scans packing_items sequentially 120 times (no index serves a substring search)
        int n = 120;
        Properties p = new Properties();
        p.setProperty("user", ROLE);
        p.setProperty("password", PASSWORD);
        p.setProperty("ApplicationName", "niknotes_app");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + DB, p);
             Statement st = c.createStatement()) {
            st.execute("set max_parallel_workers_per_gather = 0");
            for (int i = 0; i < n; i++) {
                try (ResultSet rs = st.executeQuery("select count(*) from packing_items where name like '%zz" + i + "%'")) {
                    rs.next();
                }
            }
        }
        // a session's counters reach the server as it ends: wait for them, then they must be exactly the app's
        long seq = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            stats = new ObjectMapper().readTree(cli().run("stats", "--json").out());
            seq = table(stats, "packing_items").required("seq_scans").asLong();
            if (seq >= n) break;
            Thread.sleep(100);
        }
        assertThat(seq).isEqualTo(n);
        Cli.Result judged = cli().run("stats", "--json");
        stats = new ObjectMapper().readTree(judged.out());
        assertThat(table(stats, "packing_items").required("seq_scans").asLong()).as("stats' own runs add nothing").isEqualTo(n);
        assertThat(judged.exitCode()).as(judged.toString()).isEqualTo(1);
        JsonNode finding = null;
        for (JsonNode f : stats.path("findings")) {
            if (f.path("check").asText().equals("index-usage.packing_items")) finding = f;
        }
        assertThat(finding).as(stats.path("findings").toString()).isNotNull();
        assertThat(finding.path("status").asText()).isEqualTo("fail");
        assertThat(finding.path("found").asText()).contains("0.0% of 120 scans");
        assertThat(table(stats, "trips").required("seq_scans").asLong()).as("the app never read trips").isZero();
    }

    @Test
    void timesAreShownForPeople() {
        Cli.Result check = new Cli(dir).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).env("REDIS_URL", servers.redisUrl())
                .run("check", "--verbose");
        // INFO's rdb_last_save_time is seconds since the epoch: shown as a date, never as the raw number
        assertThat(check.all()).containsPattern("RDB last save (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC|never)")
                .doesNotContainPattern("RDB last save \\d{9,}");
    }
}
