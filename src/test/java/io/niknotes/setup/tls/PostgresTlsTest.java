package io.niknotes.setup.tls;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.TestServers;
import io.niknotes.setup.support.TestTls;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check} against a PostgreSQL that only accepts SSL connections (its own server, certificate generated
 * here), and {@code sslmode=require} against the shared server that has no SSL.
 */
class PostgresTlsTest {
    static final String SUPERUSER_PASSWORD = "pg-tls-Sup3r-" + Long.toHexString(System.nanoTime());
    static final String APP_USER = "tls_app";
    static final String APP_PASSWORD = "tls-app-pw-" + Long.toHexString(System.nanoTime());
    static final String APP_DB = "tls_db";

    static TestTls tls;
    static EmbeddedPostgres postgres;
    static Path base;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSslPostgres() throws Exception {
        base = Files.createTempDirectory("niknotes-test-pg-tls");
        tls = TestTls.create(base.resolve("certs"));
        Path data = base.resolve("data");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", tls.serverCert().toString())
                .setServerConfig("ssl_key_file", tls.serverKey().toString())
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter role postgres password '" + SUPERUSER_PASSWORD + "'");
            st.execute("create role " + APP_USER + " login password '" + APP_PASSWORD + "'");
            st.execute("create database " + APP_DB + " owner " + APP_USER);
            // from now on TCP connections must use SSL and authenticate with a password
            Files.writeString(data.resolve("pg_hba.conf"), "local all all scram-sha-256\n"
                    + "hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n");
            st.execute("select pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) postgres.close();
        if (tls != null) tls.delete();
        if (base != null) {
            try (var left = Files.list(base)) {
                if (left.findAny().isEmpty()) Files.delete(base);
            }
        }
    }

    private static String url(String user, String password, String db, String query) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + postgres.getPort() + "/" + db + "?" + query;
    }

    private Cli cli(String query) {
        return new Cli(dir)
                .env("NIKNOTES_ADMIN_URL", url("postgres", SUPERUSER_PASSWORD, "postgres", query))
                .env("DATABASE_URL", url(APP_USER, APP_PASSWORD, APP_DB, query));
    }

    private static void assertNoSecrets(Cli.Result r) {
        Leaks.assertNoSecrets(r, SUPERUSER_PASSWORD, APP_PASSWORD);
        Leaks.assertNoStackTrace(r);
    }

    private static String encoded(Path p) {
        return URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void sslmodeRequireReportsSslOnWithTheTlsVersion() {
        Cli.Result r = cli("sslmode=require").run("check");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("SSL on \\(TLSv1\\.[23]\\)")
                .contains("connected as postgres (superuser)")
                .contains("connected as " + APP_USER + " to " + APP_DB);
        assertNoSecrets(r);
    }

    @Test
    void verifyFullWithTheCaAsSslrootcertPasses() {
        Cli.Result r = cli("sslmode=verify-full&sslrootcert=" + encoded(tls.caCert())).run("check", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("SSL on \\(TLSv1\\.[23]\\)");
        assertNoSecrets(r);
    }

    @Test
    void verifyFullWithAnotherCaIsCannotConnectNamingSslrootcert() {
        TestTls stranger = TestTls.create(dir.resolve("other-ca"));
        Cli.Result r = cli("sslmode=verify-full&sslrootcert=" + encoded(stranger.caCert())).run("check", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("SSL certificate of PostgreSQL at 127.0.0.1:" + postgres.getPort() + " could not be verified")
                .contains("it is not signed by the CA in sslrootcert").contains("fix:").contains("point sslrootcert=")
                .doesNotContain("host/port is wrong").doesNotContain("PKIX");
        assertNoSecrets(r);
    }

    @Test
    void withoutSslTheHostsslOnlyServerRefusesAndTheFixNamesSslmode() {
        Cli.Result r = cli("sslmode=disable").run("check", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.out()).contains("refused user postgres at 127.0.0.1:" + postgres.getPort() + " without SSL")
                .contains("refused user " + APP_USER).contains("fix:   add ?sslmode=require to DATABASE_URL")
                .doesNotContain("password does not match").doesNotContain("wrong or missing admin password");
        assertNoSecrets(r);
    }

    @Test
    void sslmodeRequireAgainstAServerWithoutSslIsCannotConnectWithAClearFix() {
        TestServers servers = TestServers.get();
        Cli.Result r = new Cli(dir)
                .env("NIKNOTES_ADMIN_URL", servers.adminUrl() + "?sslmode=require")
                .env("DATABASE_URL", servers.adminUrl() + "?sslmode=require")
                .run("check", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("PostgreSQL at 127.0.0.1:" + servers.pgPort() + " does not support SSL")
                .contains("sslmode=require").contains("drop sslmode from NIKNOTES_ADMIN_URL")
                .doesNotContain("host/port is wrong");
        assertNoSecrets(r);
    }

    @Test
    void theSharedServerWithoutSslReportsSslOff() {
        TestServers servers = TestServers.get();
        Cli.Result r = new Cli(dir).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).env("DATABASE_URL", servers.adminUrl())
                .run("check");
        assertThat(r.out()).as(r.toString()).contains("SSL off");
        assertNoSecrets(r);
    }
}
