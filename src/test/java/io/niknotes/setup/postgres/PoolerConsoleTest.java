package io.niknotes.setup.postgres;

import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.support.PgBouncer;
import io.niknotes.setup.support.TestTls;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PgBouncer's admin console read over the protocol by {@link PoolerConsole}, against the suite's real PgBouncer
 * (transaction mode, SCRAM, {@code stats_users}) in front of its PostgreSQL.
 */
class PoolerConsoleTest {
    static TestServers servers;
    static PgBouncer bouncer;
    static final PostgresConnector CONNECTOR = new PostgresConnector(Duration.ofSeconds(10));

    @BeforeAll
    static void start() {
        servers = TestServers.get();
        bouncer = PgBouncer.get(servers);
    }

    private static DatabaseUrl url(String user, String password, String database) {
        return DatabaseUrl.parse(bouncer.url(user, password, database), "DATABASE_URL");
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String database, String user) {
        return rows.stream().filter(r -> database.equals(r.get("database")) && (user == null || user.equals(r.get("user"))))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + database + "/" + user + " in " + rows));
    }

    @Test
    void aStatsUserLogsInWithScramAndReadsThePoolOfAClientThatIsConnectedNow() throws Exception {
        String db = servers.ownedDatabase(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD);
        try (Connection app = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/" + db + "?prepareThreshold=0",
                PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD);
             Statement st = app.createStatement()) {
            for (int i = 0; i < 3; i++) {
                try (ResultSet rs = st.executeQuery("select pg_sleep(0.01), " + i)) {
                    assertThat(rs.next()).isTrue();
                }
            }
            try (PoolerConsole console = CONNECTOR.poolerConsole(url(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, db))) {
                assertThat(console.query("SHOW VERSION")).singleElement().satisfies(r -> assertThat(r.get("version")).startsWith("PgBouncer "));
                Map<String, String> pool = row(console.query("SHOW POOLS"), db, PgBouncer.STATS_USER);
                assertThat(pool.get("pool_mode")).isEqualTo("transaction");
                assertThat(Integer.parseInt(pool.get("cl_active"))).as(pool.toString()).isGreaterThanOrEqualTo(1);
                assertThat(Integer.parseInt(pool.get("cl_waiting"))).isZero();
                assertThat(pool).containsKeys("sv_active", "sv_idle", "sv_used", "maxwait", "maxwait_us");
                Map<String, String> stats = row(console.query("SHOW STATS"), db, null);
                assertThat(Long.parseLong(stats.get("total_query_count"))).as(stats.toString()).isGreaterThanOrEqualTo(3);
                assertThat(Long.parseLong(stats.get("total_query_time"))).as("microseconds: three sleeps of 10 ms").isGreaterThanOrEqualTo(30_000);
                assertThat(stats).containsKeys("avg_query_time", "avg_xact_time", "avg_wait_time");
                // an error leaves the session usable: the console answers the next command
                assertThatThrownBy(() -> console.query("SHOW NO_SUCH_THING")).isInstanceOf(PoolerConsole.Unavailable.class)
                        .hasMessageContaining("invalid command");
                assertThat(console.query("SHOW VERSION")).hasSize(1);
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverRepeated() {
        String wrong = "wrong-Pw-" + Long.toHexString(System.nanoTime());
        assertThatThrownBy(() -> CONNECTOR.poolerConsole(url(PgBouncer.STATS_USER, wrong, "x")).close())
                .isInstanceOfSatisfying(PoolerConsole.Unavailable.class, e -> assertThat(e.refused()).isTrue())
                .hasMessageContaining("authentication failed").message().doesNotContain(wrong);
    }

    @Test
    void aUserOfAuthFileThatIsNoStatsUserIsNotAllowedInTheConsolesOwnWords() {
        assertThatThrownBy(() -> CONNECTOR.poolerConsole(url("postgres", TestServers.PG_SUPERUSER_PASSWORD, "postgres")).close())
                .isInstanceOfSatisfying(PoolerConsole.Unavailable.class, e -> assertThat(e.refused()).isTrue())
                .hasMessageContaining("not allowed").message().doesNotContain(TestServers.PG_SUPERUSER_PASSWORD);
    }

    @Test
    void aUserMissingFromAuthFileGetsNoAnswerFromTheConsoleEvenAsAStatsUser_givenUpAfterTwoSeconds() {
        for (String role : List.of(PgBouncer.STATS_USER_WITHOUT_AUTH_FILE, "pool_console_app")) {
            servers.ownedDatabase(role, "aq-Pw-2");
            long start = System.nanoTime();
            assertThatThrownBy(() -> CONNECTOR.poolerConsole(url(role, "aq-Pw-2", role)).close()).as(role)
                    .isInstanceOfSatisfying(PoolerConsole.Unavailable.class, e -> assertThat(e.refused()).isTrue())
                    .hasMessageContaining("no answer to the login of " + role + " within 2.0 s").message().doesNotContain("aq-Pw-2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the connector's 10 s").isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void nothingListeningAndATlsDemandThePoolerCannotMeetAreNotRefusals() {
        int closed = TestServers.freePort();
        DatabaseUrl nobody = DatabaseUrl.parse("postgresql://u:p@127.0.0.1:" + closed + "/d", "DATABASE_URL");
        assertThatThrownBy(() -> CONNECTOR.poolerConsole(nobody).close())
                .isInstanceOfSatisfying(PoolerConsole.Unavailable.class, e -> assertThat(e.refused()).isFalse())
                .hasMessageContaining("no answer from 127.0.0.1:" + closed);
        DatabaseUrl tls = DatabaseUrl.parse(bouncer.url(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, "x") + "?sslmode=require", "DATABASE_URL");
        assertThatThrownBy(() -> CONNECTOR.poolerConsole(tls).close())
                .isInstanceOfSatisfying(PoolerConsole.Unavailable.class, e -> assertThat(e.refused()).isFalse())
                .hasMessageContaining("does not speak TLS, which sslmode=require requires");
    }

    @Test
    void anMd5PgBouncerLetsTheStatsUserIn() throws Exception {
        PgBouncer md5 = PgBouncer.startOwn(servers, Map.of("auth_type", "md5"));
        try {
            DatabaseUrl stats = DatabaseUrl.parse(md5.url(PgBouncer.STATS_USER, PgBouncer.STATS_PASSWORD, "x"), "DATABASE_URL");
            try (PoolerConsole console = CONNECTOR.poolerConsole(stats)) {
                assertThat(console.query("SHOW VERSION")).hasSize(1);
            }
            DatabaseUrl wrong = DatabaseUrl.parse(md5.url(PgBouncer.STATS_USER, "wrong-md5-Pw", "x"), "DATABASE_URL");
            assertThatThrownBy(() -> CONNECTOR.poolerConsole(wrong).close()).hasMessageContaining("password authentication failed")
                    .message().doesNotContain("wrong-md5-Pw");
        } finally {
            md5.stop();
        }
    }

    @Test
    void tlsIsUsedAsSslmodeSays_verifyFullChecksTheHostName() throws Exception {
        Path certs = Files.createTempDirectory("niknotes-test-pgbouncer-tls");
        TestTls tls = TestTls.create(certs.resolve("ca"), List.of("localhost"));
        // pgbouncer drops to nobody when started as root: it must read its certificate and key
        Path cert = Files.copy(tls.serverCert(), certs.resolve("server.crt"));
        Path key = Files.copy(tls.serverKey(), certs.resolve("server.key"));
        for (Path p : List.of(certs, cert, key)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        PgBouncer own = PgBouncer.startOwn(servers, Map.of("client_tls_sslmode", "require", "client_tls_cert_file", cert.toString(),
                "client_tls_key_file", key.toString()));
        try {
            String base = "postgresql://" + PgBouncer.STATS_USER + ":" + PgBouncer.STATS_PASSWORD + "@%s:" + own.port() + "/x?sslmode=";
            DatabaseUrl verified = DatabaseUrl.parse(String.format(base, "localhost") + "verify-full&sslrootcert=" + tls.caCert(), "DATABASE_URL");
            try (PoolerConsole console = CONNECTOR.poolerConsole(verified)) {
                assertThat(console.query("SHOW VERSION")).hasSize(1);
            }
            assertThat(own.log()).containsPattern("pgbouncer/" + PgBouncer.STATS_USER + "@[^ ]+ login attempt: db=pgbouncer user="
                    + PgBouncer.STATS_USER + " tls=TLSv1");
            // the certificate names localhost, not 127.0.0.1: verify-full refuses, verify-ca (same CA) accepts
            DatabaseUrl byAddress = DatabaseUrl.parse(String.format(base, "127.0.0.1") + "verify-full&sslrootcert=" + tls.caCert(), "DATABASE_URL");
            assertThatThrownBy(() -> CONNECTOR.poolerConsole(byAddress).close())
                    .isInstanceOfSatisfying(PoolerConsole.Unavailable.class, e -> assertThat(e.refused()).isFalse())
                    .hasMessageContaining("does not name the host 127.0.0.1");
            DatabaseUrl caOnly = DatabaseUrl.parse(String.format(base, "127.0.0.1") + "verify-ca&sslrootcert=" + tls.caCert(), "DATABASE_URL");
            try (PoolerConsole console = CONNECTOR.poolerConsole(caOnly)) {
                assertThat(console.query("SHOW VERSION")).hasSize(1);
            }
            // a pooler that requires TLS, asked without it: its own refusal
            DatabaseUrl plain = DatabaseUrl.parse(String.format(base, "127.0.0.1") + "disable", "DATABASE_URL");
            assertThatThrownBy(() -> CONNECTOR.poolerConsole(plain).close()).isInstanceOf(PoolerConsole.Unavailable.class)
                    .message().doesNotContain(PgBouncer.STATS_PASSWORD);
        } finally {
            own.stop();
            tls.delete();
            Files.delete(cert);
            Files.delete(key);
            Files.delete(certs);
        }
    }
}
