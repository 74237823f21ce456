package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.DotEnv;
import io.niknotes.setup.local.LocalState;
import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 (and the missing-password part of issue 10) as a user meets them: every command finds the servers, the
 * .env file and the passwords by the same rules, and says the same thing when one is missing.
 */
class ConfigurationTest {
    static final String APP_USER = "cfg_app";
    static final String APP_PASSWORD = "cfg-pw-" + Long.toHexString(System.nanoTime());
    static final String APP_DB = "cfg_db";
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void provision() {
        servers = TestServers.get();
        servers.sql("postgres", "drop database if exists " + APP_DB + " with (force)", "drop role if exists " + APP_USER,
                "create role " + APP_USER + " login password '" + APP_PASSWORD + "'",
                "create database " + APP_DB + " owner " + APP_USER);
    }

    private String appUrlWithoutPassword() {
        return "postgresql://" + APP_USER + "@127.0.0.1:" + servers.pgPort() + "/" + APP_DB;
    }

    private Path sqliteCopy() throws Exception {
        Path file = dir.resolve("source.db");
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), file);
        return file;
    }

    /** Issue 10: stats, migrate, migrate-from-sqlite and check answer a missing password alike: exit 4, every place named. */
    @Test
    void aMissingPasswordIsOneErrorInEveryCommand() throws Exception {
        Path source = sqliteCopy();
        Cli cli = new Cli(dir).env("DATABASE_URL", appUrlWithoutPassword()).env("NIKNOTES_ADMIN_URL", servers.adminUrl())
                .env("REDIS_URL", servers.redisUrl());
        for (List<String> args : List.of(List.of("stats"), List.of("migrate"), List.of("migrate", "info"),
                List.of("migrate-from-sqlite", source.toString()))) {
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + "\n" + r).isEqualTo(ExitCode.AUTH_FAILED.code());
            assertThat(r.err()).as(args.toString()).contains("no password for the app role " + APP_USER + " at 127.0.0.1:" + servers.pgPort())
                    .contains("NIKNOTES_DB_PASSWORD").contains("--password-file").contains("none was found in " + dir)
                    .contains("no-such-pgpass");
        }
        Cli.Result check = cli.run("check");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(check.out()).contains("no password for the app role " + APP_USER).contains("NIKNOTES_DB_PASSWORD")
                .contains("none was found in " + dir);
        try (Connection c = servers.superuser(APP_DB)) {
            assertThat(Catalog.rows(c, "select 1 from information_schema.tables where table_schema = 'public'"))
                    .as("nothing was created").isEmpty();
        }
    }

    /** Issue 12.3: from a subdirectory of the app the .env above is found (like find_dotenv(usecwd=True)) and named. */
    @Test
    void dotEnvIsFoundWalkingUpAndNamed() throws Exception {
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=" + appUrlWithoutPassword() + "\nREDIS_URL=" + servers.redisUrl() + "\n");
        Path deeper = Files.createDirectories(dir.resolve("app/static"));
        Cli.Result missing = new Cli(deeper).run("migrate", "info");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(missing.err()).contains("no password for the app role " + APP_USER).contains("the .env file " + dir.resolve(".env"));

        Files.writeString(dir.resolve(".env"), "DATABASE_URL=" + servers.appUrl(APP_USER, APP_PASSWORD, APP_DB) + "\n");
        Cli.Result r = new Cli(deeper).run("migrate", "info", "-v");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("read " + dir.resolve(".env"));
        assertThat(r.all()).doesNotContain(APP_PASSWORD);
        assertThat(DotEnv.find(deeper)).isEqualTo(dir.resolve(".env"));
    }

    /** Issue 12.4: a stale password in .env's DATABASE_URL loses to NIKNOTES_DB_PASSWORD and to --password-file. */
    @Test
    void aHigherLayersPasswordBeatsTheStaleOneInDotEnv() throws Exception {
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=" + servers.appUrl(APP_USER, "stale-pw-1", APP_DB) + "\n");
        Cli.Result stale = new Cli(dir).run("migrate", "info");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());

        Cli.Result env = new Cli(dir).env("NIKNOTES_DB_PASSWORD", APP_PASSWORD).run("migrate", "info");
        assertThat(env.exitCode()).as(env.toString()).isZero();

        Path file = dir.resolve("pw");
        Files.writeString(file, APP_PASSWORD + "\n");
        Cli.Result flag = new Cli(dir).env("NIKNOTES_DB_PASSWORD", "stale-pw-2").run("migrate", "info", "--password-file", file.toString());
        assertThat(flag.exitCode()).as(flag.toString()).isZero();
        assertThat(flag.all()).doesNotContain("stale-pw").doesNotContain(APP_PASSWORD);
    }

    /** Issue 12.1: only the admin URL given, on a non-default port: the app is on the same server and .env works. */
    @Test
    void adminUrlAloneProvisionsTheAppOnTheSameServer() throws Exception {
        String user = "cfg_only_user";
        String db = "cfg_only_db";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + user);
        assertThat(servers.pgPort()).isNotEqualTo(5432);
        Cli.Result r = new Cli(dir).env("REDIS_URL", servers.redisUrl())
                .run("init", "--admin-url", servers.adminUrl(), "--db-user", user, "--db-name", db);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> env = DotEnv.read(dir.resolve(".env"), Map.of());
        DatabaseUrl app = DatabaseUrl.parse(env.get("DATABASE_URL"), "DATABASE_URL");
        assertThat(app.hostAndPort()).isEqualTo("127.0.0.1:" + servers.pgPort());
        assertThat(app.user()).isEqualTo(user);
        // the .env it wrote is enough for the next command
        Cli.Result info = new Cli(dir).run("migrate", "info");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("Success");
    }

    /**
     * Issue 12.2: a private cluster exists (its owner-only state names its port and superuser password) and nothing
     * names an administrator: check, init, stats and migrate info use it; -v says so. Here the cluster's state points
     * at the suite's server, which is what `local start` would have written for a cluster on that port.
     */
    @Test
    void thePrivateClusterIsFoundWhenNothingNamesAnAdministrator() throws Exception {
        Path home = dir.resolve("niknotes-home");
        Files.createDirectories(home.resolve("local"));
        new LocalState(servers.pgPort(), TestServers.PG_SUPERUSER_PASSWORD, "16", servers.redisPort(), TestServers.REDIS_PASSWORD, "7")
                .save(home.resolve("local/state.properties"));
        Path work = Files.createDirectories(dir.resolve("app"));
        String user = "cfg_local_user";
        String db = "cfg_local_db";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + user);
        Cli cli = new Cli(work).env("NIKNOTES_HOME", home.toString());

        Cli.Result check = cli.run("check", "-v");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("connected as postgres (superuser)").contains("password accepted");
        assertThat(check.err()).contains("private cluster exists in " + home);

        Cli.Result init = cli.run("init", "--db-user", user, "--db-name", db);
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(Files.readString(work.resolve(".env"))).contains("@127.0.0.1:" + servers.pgPort() + "/" + db);
        Cli.Result stats = cli.run("stats", "--short");
        assertThat(stats.exitCode()).as(stats.toString()).isIn(0, 1);
        assertThat(stats.all()).doesNotContain("no password").doesNotContain("cannot connect");
        Cli.Result info = cli.run("migrate", "info");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(check.all() + init.all() + stats.all()).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD).doesNotContain(TestServers.REDIS_PASSWORD);

        // its servers stopped: the fix names `local start`
        new LocalState(TestServers.freePort(), "x", "16", TestServers.freePort(), "y", "7").save(home.resolve("local/state.properties"));
        Files.delete(work.resolve(".env"));
        Cli.Result down = cli.run("check", "--connect-timeout", "2");
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(down.out()).contains("start the private servers: `niknotes-setup local start`, or fix the host and port in NIKNOTES_ADMIN_URL")
                .contains("start the private servers: `niknotes-setup local start`, or fix REDIS_URL").doesNotContain("install.sh");
    }

    /** Issue 12.8: --json on a usage error is still one JSON document: exit_code 2 and the message. */
    @Test
    void jsonOnAUsageErrorIsOneDocument() throws Exception {
        Cli.Result r = new Cli(dir).run("check", "--json", "--no-such-option");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("exit_code").asInt()).isEqualTo(2);
        assertThat(doc.get("error").asText()).contains("--no-such-option");
        assertThat(doc.get("schema").asText()).isEqualTo("niknotes-setup.error/1");
        assertThat(r.err()).contains("--no-such-option");

        Cli.Result plain = new Cli(dir).run("check", "--no-such-option");
        assertThat(plain.out()).isEmpty();
    }

    /** Issue 12.9: the repository ignores the default reject file. */
    @Test
    void theDefaultRejectFileIsIgnoredByGit() throws Exception {
        List<String> patterns = Files.readAllLines(Path.of(".gitignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns).anyMatch(p -> FileSystems.getDefault().getPathMatcher("glob:" + p.replaceFirst("^/", ""))
                .matches(Path.of("niknotes-rejects.jsonl")));
    }

    /** Issue 12.5 and 12.7: fix texts that lead somewhere, and one message for a missing or wrong SQLite source. */
    @Test
    void fixTextsNameWhatReallyWorks() throws Exception {
        Cli cli = new Cli(dir).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).env("REDIS_URL", servers.redisUrl())
                .env("DATABASE_URL", servers.appUrl(APP_USER, APP_PASSWORD, APP_DB));
        Cli.Result missing = cli.run("migrate-from-sqlite", "gone.db");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(missing.err()).contains("the SQLite file " + dir.resolve("gone.db") + " (PATH) does not exist")
                .contains("niknotes-setup migrate-from-sqlite PATH").doesNotContain("--sqlite");

        Path folder = Files.createDirectories(dir.resolve("data"));
        for (String[] args : List.of(new String[]{"check", "--sqlite", "data"}, new String[]{"migrate-from-sqlite", "data"},
                new String[]{"init", "--from-sqlite", "data"})) {
            Cli.Result r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
            assertThat(r.err()).contains(folder + " (").contains("is a directory, not a SQLite file").doesNotContain("does not exist");
        }

        Cli.Result wrong = cli.env("DATABASE_URL", servers.appUrl(APP_USER, "not-it-7", APP_DB)).run("migrate", "info");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(wrong.err()).contains("the role exists, so the password is wrong").contains("--reset-password")
                .doesNotContain("create");
        Cli.Result noRole = cli.env("DATABASE_URL", servers.appUrl("cfg_nobody", "x-1", APP_DB)).run("migrate", "info");
        assertThat(noRole.exitCode()).as(noRole.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(noRole.err()).contains("the role cfg_nobody does not exist there").contains("niknotes-setup init");

        Cli.Result host = new Cli(dir).env("REDIS_URL", "redis://no-such-host.invalid:6379/0").env("NIKNOTES_ADMIN_URL", servers.adminUrl())
                .run("check", "--require-redis", "--connect-timeout", "2");
        assertThat(host.exitCode()).as(host.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(host.out()).contains("unknown host 'no-such-host.invalid' for Redis").doesNotContain("connection refused");

        Cli.Result sqliteUrl = new Cli(dir).env("DATABASE_URL", "sqlite:///x.db").env("NIKNOTES_ADMIN_URL", servers.adminUrl())
                .run("migrate", "info");
        assertThat(sqliteUrl.err()).contains("DATABASE_URL (environment) names the SQLite file " + dir.resolve("x.db"))
                .contains("127.0.0.1:" + servers.pgPort());
    }

    /** Issue 12.6: init says once why ./niknotes.db is not copied, says when nothing changed, and is quiet once copied. */
    @Test
    void initSaysOnceWhatItDidWithTheSqliteFile() throws Exception {
        String user = "cfg_init_user";
        String db = "cfg_init_db";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + user);
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), dir.resolve("niknotes.db"));
        Cli cli = new Cli(dir).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).env("REDIS_URL", servers.redisUrl());
        Cli.Result first = cli.run("init", "--db-user", user, "--db-name", db);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("found " + dir.resolve("niknotes.db") + ": not copied without confirmation (--yes")
                .doesNotContain("no SQLite source given or found").doesNotContain("nothing changed");
        assertThat(first.err()).doesNotContain("without confirmation");

        Cli.Result again = cli.run("init", "--db-user", user, "--db-name", db);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("nothing changed").doesNotContain("[changed]");

        Cli.Result copied = cli.run("init", "--db-user", user, "--db-name", db, "--yes");
        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        assertThat(copied.out()).contains("copied " + dir.resolve("niknotes.db"));
        Cli.Result after = cli.run("init", "--db-user", user, "--db-name", db);
        assertThat(after.out()).contains("already copied from").contains("nothing changed").doesNotContain("without confirmation");
        assertThat(after.all()).doesNotContain("not copied yet");
    }
}
