package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

class CheckTest {
    static final String APP_USER = "check_app";
    static final String APP_PASSWORD = "app-pw-Zq81-" + Long.toHexString(System.nanoTime());
    static final String APP_DB = "check_db";
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void provision() {
        servers = TestServers.get();
        servers.sql("postgres",
                "drop database if exists " + APP_DB,
                "drop role if exists " + APP_USER,
                "create role " + APP_USER + " login password '" + APP_PASSWORD + "'",
                "create database " + APP_DB + " owner " + APP_USER);
    }

    private Cli cli() {
        return servers.cli(dir).env("DATABASE_URL", servers.appUrl(APP_USER, APP_PASSWORD, APP_DB));
    }

    private static void assertNoSecrets(Cli.Result r) {
        Leaks.assertNoSecrets(r, APP_PASSWORD);
    }

    /** --verbose may show causes and stack traces, and libraries log on System.err: none of it may show a password. */
    @Test
    void verboseOutputAndLibraryLogsHoldNoPassword() {
        String wrong = "wrong-Verbose-" + Long.toHexString(System.nanoTime());
        Cli.Result failing = cli().env("NIKNOTES_ADMIN_URL", "postgresql://postgres:" + wrong + "@127.0.0.1:" + servers.pgPort() + "/postgres")
                .run("check", "--verbose", "--require-redis");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(failing.err()).contains("settings: DATABASE_URL="); // the verbose detail is there
        assertNoSecrets(failing);
        Leaks.assertNoSecrets(failing, wrong);
        Cli.Result passing = cli().run("check", "--verbose", "--require-redis");
        assertThat(passing.out()).as(passing.toString()).contains("connected as postgres (superuser)").contains("password accepted");
        assertNoSecrets(passing);
    }

    @Test
    void everythingReachableAndAuthenticatedPasses() {
        Cli.Result r = cli().run("check");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PostgreSQL 16.").contains("connected as postgres (superuser)")
                .contains("connected as " + APP_USER + " to " + APP_DB)
                .contains("Redis ").contains("p50").contains("p99")
                .contains("max_connections").contains("shared_buffers")
                .contains("0 failed");
        assertThat(r.out()).doesNotContain("\u001b["); // no colour: stdout is not a terminal
        assertNoSecrets(r);
    }

    @Test
    void serverDownIsCannotConnectNamingHostAndPort() {
        int port = TestServers.freePort();
        Cli.Result r = cli().env("NIKNOTES_ADMIN_URL", "postgresql://postgres:x@127.0.0.1:" + port + "/postgres")
                .env("DATABASE_URL", "postgresql://" + APP_USER + ":" + APP_PASSWORD + "@127.0.0.1:" + port + "/" + APP_DB)
                .run("check", "--connect-timeout", "2");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("cannot connect to PostgreSQL at 127.0.0.1:" + port).contains("fix:");
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
        assertNoSecrets(r);
    }

    @Test
    void wrongAdminPasswordIsAuthFailedNamingUserAndHost() {
        Cli.Result r = cli().env("NIKNOTES_ADMIN_URL", "postgresql://postgres:wrong-Secret-1@127.0.0.1:" + servers.pgPort() + "/postgres")
                .run("check");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.out()).contains("password authentication failed for user postgres at 127.0.0.1:" + servers.pgPort());
        assertThat(r.all()).doesNotContain("wrong-Secret-1");
        assertNoSecrets(r);
    }

    @Test
    void wrongAppPasswordSaysHowToFixIt() {
        Cli.Result r = cli().env("DATABASE_URL", servers.appUrl(APP_USER, "not-the-password-42", APP_DB)).run("check");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.out()).contains("password authentication failed for user " + APP_USER)
                .contains("set DATABASE_URL").contains("niknotes-setup init");
        assertThat(r.all()).doesNotContain("not-the-password-42");
    }

    @Test
    void missingAppRoleIsAWarningPointingAtInit() {
        Cli.Result r = cli().env("DATABASE_URL", servers.appUrl("nobody_here", "x", "nowhere_db")).run("check");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("role nobody_here does not exist yet").contains("run `niknotes-setup init`");
    }

    @Test
    void redisDownIsOnlyAWarningUnlessRequired() {
        String down = "redis://127.0.0.1:" + TestServers.freePort() + "/0";
        Cli.Result optional = cli().env("REDIS_URL", down).run("check", "--connect-timeout", "2");
        assertThat(optional.exitCode()).as(optional.toString()).isZero();
        assertThat(optional.out()).contains("cannot connect to Redis at 127.0.0.1");

        Cli.Result required = cli().env("REDIS_URL", down).run("check", "--require-redis", "--connect-timeout", "2");
        assertThat(required.exitCode()).as(required.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
    }

    @Test
    void redisWrongOrMissingPasswordIsAuthFailedWhenRequired() {
        String wrong = "redis://:bad-redis-pw@127.0.0.1:" + servers.redisPort() + "/0";
        Cli.Result r = cli().env("REDIS_URL", wrong).run("check", "--require-redis");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.out()).contains("refused the password");
        assertThat(r.all()).doesNotContain("bad-redis-pw");

        Cli.Result none = cli().env("REDIS_URL", "redis://127.0.0.1:" + servers.redisPort() + "/0").run("check", "--require-redis");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(none.out()).contains("requires a password");
    }

    @Test
    void redisPasswordFromRedisPasswordVariable() {
        Cli.Result r = cli().env("REDIS_URL", "redis://127.0.0.1:" + servers.redisPort() + "/0")
                .env("REDIS_PASSWORD", TestServers.REDIS_PASSWORD).run("check", "--require-redis");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("password accepted");
    }

    @Test
    void aFileThatIsNotSqliteIsSourceInvalid() throws Exception {
        Path notSqlite = dir.resolve("niknotes.db");
        Files.writeString(notSqlite, "this is a text file, not a database\n".repeat(10));
        Cli.Result r = cli().run("check");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(r.out()).contains("is not a SQLite database");
    }

    @Test
    void theSampleDatabaseIsListedWithRowCounts() throws Exception {
        Path sample = Path.of("src/test/resources/sample-niknotes.db");
        Path copy = dir.resolve("copy.db");
        Files.copy(sample, copy, StandardCopyOption.REPLACE_EXISTING);
        Cli.Result r = cli().run("check", "--sqlite", copy.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("quick_check ok").containsPattern("packing_items \\d+").containsPattern("trips \\d+");
    }

    @Test
    void truncatedSqliteFileFails() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("src/test/resources/sample-niknotes.db"));
        Path cut = dir.resolve("cut.db");
        Files.write(cut, java.util.Arrays.copyOf(sample, sample.length / 3));
        Cli.Result r = cli().run("check", "--sqlite", cut.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
    }

    @Test
    void jsonIsOneDocumentOnStdoutWithStableShape() throws Exception {
        Cli.Result r = cli().run("check", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("schema").asText()).isEqualTo("niknotes-setup.check/1");
        assertThat(doc.get("exit_code").asInt()).isZero();
        assertThat(doc.get("findings").size()).isGreaterThan(5);
        JsonNode first = doc.get("findings").get(0);
        assertThat(first.fieldNames()).toIterable().contains("area", "check", "status", "found");
        assertNoSecrets(r);
    }

    @Test
    void jsonOnFailureStillOneDocumentWithTheExitCode() throws Exception {
        Cli.Result r = cli().env("NIKNOTES_ADMIN_URL", "postgresql://postgres:nope@127.0.0.1:" + servers.pgPort() + "/postgres")
                .run("check", "--json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.AUTH_FAILED.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("exit_code").asInt()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(doc.get("status").asText()).isEqualTo("fail");
    }

    @Test
    void passwordOnTheCommandLineIsWarnedAboutAndNeverPrinted() {
        Cli.Result r = servers.cli(dir)
                .run("check", "--database-url", servers.appUrl(APP_USER, APP_PASSWORD, APP_DB));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("visible to other users in the process list");
        assertNoSecrets(r);
    }

    @Test
    void passwordFromPasswordFileAndEnvFile() throws Exception {
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, APP_PASSWORD + "\n");
        Files.writeString(dir.resolve(".env"), "# app settings\nDATABASE_URL=postgresql://" + APP_USER + "@127.0.0.1:"
                + servers.pgPort() + "/" + APP_DB + "\nREDIS_URL=" + servers.redisUrl() + "\n");
        Cli.Result r = new Cli(dir).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).run("check", "--password-file", pw.toString(), "-v");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("connected as " + APP_USER);
        assertThat(r.err()).contains("DATABASE_URL=postgresql://" + APP_USER + ":***@127.0.0.1:" + servers.pgPort() + "/" + APP_DB + " (.env)");
        assertNoSecrets(r);
    }

    @Test
    void adminPasswordFromPgpassFile() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + servers.pgPort() + ":*:postgres:" + TestServers.PG_SUPERUSER_PASSWORD + "\n");
        Cli.Result r = cli().env("NIKNOTES_ADMIN_URL", servers.adminUrlWithoutPassword()).env("PGPASSFILE", pgpass.toString()).run("check");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("connected as postgres (superuser)");
    }

    @Test
    void malformedUrlIsAUsageErrorWithoutEchoingIt() {
        Cli.Result r = cli().env("DATABASE_URL", "mysql://root:hunter2@db/app").run("check");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("DATABASE_URL is not a PostgreSQL URL").contains("fix:");
        assertThat(r.all()).doesNotContain("hunter2");
    }
}
