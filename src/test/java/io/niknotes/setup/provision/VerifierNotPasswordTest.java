package io.niknotes.setup.provision;

import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "The server receives a SCRAM verifier, never the cleartext", checked where the opposite would show: on a server of
 * its own that stores a cleartext password as md5 ({@code password_encryption = md5}) and writes every statement it
 * receives to a log file ({@code log_statement = all}). Both the first password and a reset one.
 */
class VerifierNotPasswordTest {
    static EmbeddedPostgres server;
    static Path logs;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        logs = Files.createTempDirectory("niknotes-test-pg-log");
        server = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("niknotes-test-pg-md5")).setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "md5")
                .setServerConfig("log_statement", "all")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logs.toString())
                .setServerConfig("log_filename", "statements.log")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private Cli cli(String password) {
        // the server trusts local connections: the admin URL's password is not asked for
        return new Cli(dir).env("NIKNOTES_ADMIN_URL", "postgresql://postgres:unused@127.0.0.1:" + server.getPort() + "/postgres")
                .env("DATABASE_URL", "postgresql://verifier_app@127.0.0.1:" + server.getPort() + "/verifier_db")
                .env("NIKNOTES_DB_PASSWORD", password).env("REDIS_URL", TestServers.get().redisUrl());
    }

    private static String stored() throws Exception {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select rolpassword from pg_authid where rolname = 'verifier_app'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** The server's statement log once it holds {@code marker} (the collector writes it a moment later). */
    private static String logOnceItHolds(String marker) throws Exception {
        Path file = logs.resolve("statements.log");
        long deadline = System.nanoTime() + 30_000_000_000L;
        String log = "";
        while (System.nanoTime() < deadline) {
            log = Files.exists(file) ? Files.readString(file) : "";
            if (log.contains(marker)) return log;
            Thread.sleep(50);
        }
        throw new AssertionError("the server's log never showed " + marker + ":\n" + log);
    }

    @Test
    void initSendsAVerifierNeverThePasswordEvenToAServerThatWouldStoreMd5() throws Exception {
        String first = "first-Pw-" + Long.toHexString(System.nanoTime());
        Cli.Result created = cli(first).run("init", "--no-redis");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String verifier = stored();
        // a cleartext PASSWORD 'x' would have been stored as md5 by this server
        assertThat(verifier).startsWith("SCRAM-SHA-256$");

        String second = "second-Pw-" + Long.toHexString(System.nanoTime());
        Cli.Result reset = cli(second).run("init", "--no-redis", "--reset-password");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(stored()).startsWith("SCRAM-SHA-256$").isNotEqualTo(verifier);

        String log = logOnceItHolds("ALTER ROLE");
        assertThat(log).contains("CREATE ROLE"); // the log holds the statements that set both passwords
        assertThat(log).doesNotContain(first).doesNotContain(second);
        Leaks.assertNoSecrets(created, first);
        Leaks.assertNoSecrets(reset, second);
    }
}
