package io.niknotes.setup.stats;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.redis.RedisConnector;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** pg_stat_statements needs shared_preload_libraries: a server of this class's own, not the shared test server. */
class SlowQueriesTest {
    static EmbeddedPostgres pg;
    static final String PASSWORD = "slow-pw-" + Long.toHexString(System.nanoTime());

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("listen_addresses", "127.0.0.1").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create role slow_app login password '" + PASSWORD + "'");
            st.execute("create database slow_db owner slow_app");
        }
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "slow_db")); Statement st = c.createStatement()) {
            st.execute("create extension pg_stat_statements");
            st.execute("select pg_sleep(0.01)"); // a superuser's statement: its text is hidden from slow_app
        }
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("slow_app", "slow_db"), "slow_app", PASSWORD);
             Statement st = c.createStatement()) {
            for (int i = 0; i < 2; i++) st.execute("select pg_sleep(0.25)");
            st.execute("select 1");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void statementsSlowerThan200msOnAverageAreFlaggedAndHiddenTextIsNoted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://slow_app:" + PASSWORD + "@127.0.0.1:" + pg.getPort() + "/slow_db", "test");
        StatsReport r = new StatsCollector(new PostgresConnector(Duration.ofSeconds(5)), new RedisConnector(Duration.ofSeconds(1)),
                Clock.systemUTC()).collect(url, null, StatsOptions.defaults());
        PgReport.SlowQueries slow = r.postgres().slowQueries();
        assertThat(slow.available()).isTrue();
        assertThat(slow.top()).first().satisfies(s -> {
            assertThat(s.query()).contains("pg_sleep");
            assertThat(s.calls()).isEqualTo(2);
            assertThat(s.meanMs()).isGreaterThan(200);
        });
        Finding f = r.findings().stream().filter(x -> x.check().equals("slow-query") && x.status() == Status.WARN).findFirst().orElseThrow();
        assertThat(f.found()).contains("over 2 calls").contains("pg_sleep");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("text of other roles' statements is hidden"));
    }
}
