package io.niknotes.setup.stats;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.redis.RedisConnector;
import io.niknotes.setup.support.StatsFixture;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresStatsTest {
    static StatsFixture db;

    @BeforeAll
    static void provision() {
        db = new StatsFixture(TestServers.get(), "pgstats_app", "pgstats_db").create();
    }

    private static StatsReport collect(StatsOptions options) {
        return new StatsCollector(new PostgresConnector(Duration.ofSeconds(5)), new RedisConnector(Duration.ofSeconds(2)),
                Clock.systemUTC()).collect(DatabaseUrl.parse(db.appUrl(), "test"), null, options);
    }

    private static Finding finding(StatsReport r, String check) {
        return r.findings().stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + check + " in " + r.findings()));
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits (no fixed sleep) until the server itself shows both sessions past {@code age}: one idle in a transaction, one running. */
    private static void awaitSessionsOlderThan(int idlePid, int busyPid, String age) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection su = TestServers.get().superuser(db.database); var ps = su.prepareStatement("select count(*) from pg_stat_activity"
                + " where (pid = ? and state = 'idle in transaction' and clock_timestamp() - state_change > ?::interval)"
                + " or (pid = ? and state = 'active' and clock_timestamp() - query_start > ?::interval)")) {
            ps.setInt(1, idlePid);
            ps.setString(2, age);
            ps.setInt(3, busyPid);
            ps.setString(4, age);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 2) return;
                }
                assertThat(System.nanoTime()).as("both sessions older than " + age + " within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Test
    void idleInTransactionAndLongRunningSessionsAreNamedWithTheirFix() throws Exception {
        StatsOptions options = StatsOptions.defaults().withSessionThresholds(Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (Connection idle = db.connect(); Connection busy = db.connect(); Statement sleeper = busy.createStatement()) {
            idle.setAutoCommit(false);
            int idlePid = pid(idle); // leaves idle's transaction open
            int busyPid = pid(busy);
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try {
                    sleeper.execute("select pg_sleep(120)");
                } catch (java.sql.SQLException cancelledAtTheEnd) {
                    // the test cancels it once it has seen what it needs
                }
            });
            awaitSessionsOlderThan(idlePid, busyPid, "1.1 s");
            StatsReport r = collect(options);
            assertThat(r.postgres().idleInTransaction()).anySatisfy(s -> assertThat(s.pid()).isEqualTo(idlePid));
            assertThat(r.postgres().longRunning()).anySatisfy(s -> {
                assertThat(s.pid()).isEqualTo(busyPid);
                assertThat(s.query()).isEqualTo("select pg_sleep(120)");
                assertThat(s.duration()).isGreaterThan(Duration.ofSeconds(1));
            });
            assertThat(finding(r, "idle-in-transaction").fix()).contains("pg_terminate_backend(" + idlePid + ")");
            assertThat(finding(r, "long-running").status()).isEqualTo(Status.WARN);

            // the same sessions, still there, are hidden by the default thresholds (5 min idle, 1 min running)
            StatsReport defaults = collect(StatsOptions.defaults());
            awaitSessionsOlderThan(idlePid, busyPid, "1.1 s"); // still idle in the transaction and still running
            assertThat(defaults.postgres().idleInTransaction()).noneSatisfy(s -> assertThat(s.pid()).isEqualTo(idlePid));
            assertThat(defaults.postgres().longRunning()).noneSatisfy(s -> assertThat(s.pid()).isEqualTo(busyPid));
            sleeper.cancel();
            sleeping.join();
            idle.rollback();
        }
    }

    @Test
    void aHotQueryOnABigTableWithoutIndexIsAWarningUntilTheIndexExists() {
        // the migrations' indexes that serve this query (by user, or by created_at in order) go first
        db.sql("drop index if exists ix_test_trips_user_created", "drop index if exists ix_trips_user_id",
                "drop index if exists idx_trip_user_created", "drop index if exists idx_trip_created_desc",
                "drop index if exists ix_trips_created_at",
                "insert into users (id, username, email) values ('hot-u', 'hot', 'hot@example.org') on conflict do nothing",
                "insert into trips (id, user_id, destination, start_date, end_date, created_at) select 'hot-' || g, 'hot-u',"
                        + " 'City ' || (g % 50), '2026-01-01', '2026-01-05', now() - g * interval '1 minute'"
                        + " from generate_series(1, 3000) g on conflict do nothing",
                "analyze trips");
        Finding before = finding(collect(StatsOptions.defaults()), "hot-query.trips_of_user");
        assertThat(before.status()).isEqualTo(Status.WARN);
        assertThat(before.found()).contains("sequential scan on trips (3,000 rows");

        db.sql("create index ix_test_trips_user_created on trips (user_id, created_at desc)", "analyze trips");
        StatsReport after = collect(StatsOptions.defaults());
        Finding ok = finding(after, "hot-query.trips_of_user");
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.found()).contains("uses ix_test_trips_user_created");
        db.sql("drop index ix_test_trips_user_created");
    }

    @Test
    void invalidAndCoveredIndexes() {
        db.sql("drop table if exists idx_demo", "create table idx_demo (id int, city text, day text)",
                "insert into idx_demo values (1, 'a', 'x'), (1, 'b', 'y')",
                "create index ix_idx_demo_city on idx_demo (city)",
                "create index ix_idx_demo_city_day on idx_demo (city, day)");
        try {
            db.sql("create unique index concurrently ix_idx_demo_id on idx_demo (id)");
        } catch (IllegalStateException expected) {
            // duplicate ids: the concurrent build fails and leaves an INVALID index behind
        }
        StatsReport r = collect(StatsOptions.defaults());
        Finding invalid = finding(r, "invalid-index.ix_idx_demo_id");
        assertThat(invalid.status()).isEqualTo(Status.FAIL);
        assertThat(invalid.fix()).contains("DROP INDEX CONCURRENTLY ix_idx_demo_id");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        PgReport.Index city = r.postgres().indexes().stream().filter(i -> i.name().equals("ix_idx_demo_city")).findFirst().orElseThrow();
        assertThat(city.coveredBy()).isEqualTo("ix_idx_demo_city_day");
        assertThat(finding(r, "covered-index.ix_idx_demo_city").found()).contains("covered by ix_idx_demo_city_day");
        db.sql("drop table idx_demo");
    }

    @Test
    void deadTuplesAreFlaggedWithVacuumAsTheFix() throws Exception {
        db.sql("drop table if exists dead_demo", "create table dead_demo (id int) with (autovacuum_enabled = false)",
                "insert into dead_demo select generate_series(1, 5000)");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("delete from dead_demo where id <= 3000");
            StatsFixture.flush(c);
        }
        StatsReport r = collect(StatsOptions.defaults());
        PgReport.Table t = r.postgres().tables().stream().filter(x -> x.name().equals("dead_demo")).findFirst().orElseThrow();
        assertThat(t.deadTuples()).isEqualTo(3000);
        assertThat(t.liveTuples()).isEqualTo(2000);
        assertThat(finding(r, "dead-tuples.dead_demo").fix()).contains("VACUUM (ANALYZE) dead_demo");
        db.sql("drop table dead_demo");
    }

    @Test
    void exactCountsAndSizes() {
        db.sql("drop table if exists exact_demo", "create table exact_demo (id int, body text)",
                "insert into exact_demo select g, repeat('x', 5000) || g from generate_series(1, 40) g");
        StatsReport r = collect(new StatsOptions(true, false, 5, Duration.ofDays(7), false, Duration.ofMinutes(5), Duration.ofMinutes(1)));
        PgReport.Table t = r.postgres().tables().stream().filter(x -> x.name().equals("exact_demo")).findFirst().orElseThrow();
        assertThat(t.rows()).isEqualTo(40);
        assertThat(t.rowsExact()).isTrue();
        assertThat(t.tableBytes()).isPositive();
        db.sql("drop table exact_demo");
    }
}
