package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitTest {
    static final String APP_PASSWORD = "init-app-Pw-" + Long.toHexString(System.nanoTime());
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
    }

    /** A fresh role + database name pair for one test, dropped first in case an earlier run left them. */
    static String[] fresh(String tag) {
        String role = "init_" + tag + "_user";
        String db = "init_" + tag + "_db";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + role);
        return new String[] {role, db};
    }

    private Cli cli(String role, String db) {
        return servers.cli(dir)
                .env("DATABASE_URL", "postgresql://" + role + "@127.0.0.1:" + servers.pgPort() + "/" + db)
                .env("NIKNOTES_DB_PASSWORD", APP_PASSWORD);
    }

    /** The app's password, its SCRAM verifier and {@code more} besides the suite's own passwords. */
    static void assertNoSecrets(Cli.Result r, String... more) {
        Leaks.assertNoSecrets(r, APP_PASSWORD, "SCRAM-SHA-256$");
        Leaks.assertNoSecrets(r, more);
    }

    @Test
    void freshServerIsProvisionedLeastPrivilegeAndSecondRunChangesNothing() throws Exception {
        String[] n = fresh("fresh");
        Cli.Result first = cli(n[0], n[1]).run("init");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("created role " + n[0]).contains("created database " + n[1])
                .contains("applied V1").contains("V2").contains("V3").contains("NikNotes can start");
        assertNoSecrets(first);

        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.value(c, "select rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication, rolbypassrls "
                    + "from pg_roles where rolname = '" + n[0] + "'")).isEqualTo("f | f | f | t | f | f");
            assertThat(Catalog.value(c, "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = '" + n[0] + "'")).isEqualTo("t");
            assertThat(Catalog.value(c, "select pg_get_userbyid(datdba), pg_encoding_to_char(encoding) from pg_database where datname = '"
                    + n[1] + "'")).isEqualTo(n[0] + " | UTF8");
            assertThat(Catalog.value(c, "select has_database_privilege('public', '" + n[1] + "', 'CONNECT')")).isEqualTo("f");
        }
        try (Connection c = servers.superuser(n[1])) {
            assertThat(Catalog.value(c, "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'")).isEqualTo(n[0]);
            assertThat(Catalog.value(c, "select count(*) from pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a "
                    + "where n.nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE'")).isEqualTo("0");
            assertThat(Catalog.rows(c, "select distinct tableowner from pg_tables where schemaname = 'public'")).containsExactly(n[0]);
            assertThat(Catalog.rows(c, "select indexname from pg_indexes where schemaname = 'public'"))
                    .contains("idx_trip_destination_date", "idx_trip_created_desc", "idx_item_trip_category", "idx_item_trip_packed",
                            "idx_user_oauth", "ix_trips_user_id", "ix_audit_logs_timestamp", "idx_audit_timestamp_desc",
                            "idx_item_trip_order", "idx_trip_user_created");
            assertThat(Catalog.value(c, "select version_num from alembic_version")).isEqualTo("a1b2c3d4e5f6");
        }
        // the app role can use its tables and cannot create a database
        try (Connection app = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + n[1], n[0], APP_PASSWORD);
             Statement st = app.createStatement()) {
            st.execute("insert into users (id, username, email) values ('u1', 'ann', 'ann@example.org')");
            st.execute("create table app_scratch (x int)");
            st.execute("drop table app_scratch");
            assertThatThrownBy(() -> st.execute("create database init_should_not_exist")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            st.execute("delete from users where id = 'u1'");
        }

        Path env = dir.resolve(".env");
        assertThat(Files.readString(env)).contains("DATABASE_URL=postgresql://" + n[0] + ":" + APP_PASSWORD + "@127.0.0.1:" + servers.pgPort() + "/" + n[1]);
        assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        String before = Catalog.snapshot(servers, n[0], n[1]);
        String envBefore = Files.readString(env);
        Cli.Result second = cli(n[0], n[1]).run("init", "--json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(second.out());
        assertThat(doc.get("schema").asText()).isEqualTo(Init.SCHEMA);
        assertThat(doc.get("status").asText()).isEqualTo("ok");
        assertThat(doc.get("steps")).hasSizeGreaterThan(8);
        for (JsonNode step : doc.get("steps")) {
            assertThat(step.get("status").asText()).as(step.toString()).isIn("ok", "skipped");
        }
        assertThat(second.out()).contains("password kept").contains("schema up to date");
        assertThat(Catalog.snapshot(servers, n[0], n[1])).isEqualTo(before);
        assertThat(Files.readString(env)).isEqualTo(envBefore);
        assertThat(dir.resolve(".env.bak")).doesNotExist();
        assertNoSecrets(second);
    }

    @Test
    void dryRunPrintsMaskedStatementsAndChangesNothing() throws Exception {
        String[] n = fresh("dry");
        Cli.Result r = cli(n[0], n[1]).run("init", "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("would create role " + n[0]).contains("CREATE ROLE \"" + n[0] + "\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '***'")
                .contains("CREATE DATABASE \"" + n[1] + "\" WITH OWNER \"" + n[0] + "\" ENCODING 'UTF8' TEMPLATE template0")
                .contains("ALTER SCHEMA public OWNER TO").contains("REVOKE CONNECT ON DATABASE")
                .contains("would apply V1__niknotes_schema.sql, V2__model_indexes.sql, V3__hot_query_indexes.sql")
                .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_trip_user_created")
                .contains("would write DATABASE_URL=postgresql://" + n[0] + ":***@").contains("dry run: nothing was changed");
        assertNoSecrets(r);
        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.rows(c, "select 1 from pg_roles where rolname = '" + n[0] + "'")).isEmpty();
            assertThat(Catalog.rows(c, "select 1 from pg_database where datname = '" + n[1] + "'")).isEmpty();
        }
        assertThat(dir.resolve(".env")).doesNotExist();

        // on a provisioned server, a dry run shows nothing to do and still changes nothing
        assertThat(cli(n[0], n[1]).run("init").exitCode()).isZero();
        String before = Catalog.snapshot(servers, n[0], n[1]);
        Cli.Result again = cli(n[0], n[1]).run("init", "--dry-run", "--reset-password");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("password would be reset").contains("ALTER ROLE \"" + n[0] + "\" PASSWORD '***'").contains("schema up to date");
        assertThat(Catalog.snapshot(servers, n[0], n[1])).isEqualTo(before);
        assertNoSecrets(again);
    }

    @Test
    void hostileNamesAreRefusedBeforeAnythingRuns() throws Exception {
        Cli.Result r = cli("init_x_user", "init_x_db").run("init", "--db-name", "x\"; DROP DATABASE postgres; --");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("--db-name 'x\"; DROP DATABASE postgres; --' is not a valid name");
        Cli.Result u = cli("init_x_user", "init_x_db").run("init", "--db-user", "bob' OR '1'='1");
        assertThat(u.exitCode()).as(u.toString()).isEqualTo(ExitCode.USAGE.code());
        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.rows(c, "select 1 from pg_database where datname = 'postgres'")).hasSize(1);
            assertThat(Catalog.rows(c, "select 1 from pg_roles where rolname like 'bob%'")).isEmpty();
        }
        assertThat(io.niknotes.setup.postgres.Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void managedServiceAdminWithOnlyCreatedbAndCreateroleWorksTwice() throws Exception {
        String[] n = fresh("managed");
        String admin = "init_managed_admin";
        String adminPw = "mgr-Pw-" + Long.toHexString(System.nanoTime());
        servers.sql("postgres", "drop role if exists " + admin,
                "create role " + admin + " login createdb createrole password '" + adminPw + "'");
        Cli cli = cli(n[0], n[1]).env("NIKNOTES_ADMIN_URL", "postgresql://" + admin + ":" + adminPw + "@127.0.0.1:" + servers.pgPort() + "/postgres");
        Cli.Result r = cli.run("init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("provisioning as " + admin + " (CREATEDB, CREATEROLE)").contains("granted " + n[0] + " to " + admin);
        assertNoSecrets(r, adminPw);
        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.value(c, "select pg_get_userbyid(datdba) from pg_database where datname = '" + n[1] + "'")).isEqualTo(n[0]);
            assertThat(Catalog.value(c, "select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = '" + n[0] + "'"))
                    .isEqualTo("f | f | f");
            // the app role is not a member of the administrator (privileges flow one way only)
            assertThat(Catalog.value(c, "select pg_has_role('" + n[0] + "', '" + admin + "', 'MEMBER')")).isEqualTo("f");
        }
        try (Connection c = servers.superuser(n[1])) {
            assertThat(Catalog.value(c, "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'")).isEqualTo(n[0]);
            assertThat(Catalog.rows(c, "select distinct tableowner from pg_tables where schemaname = 'public'")).containsExactly(n[0]);
        }
        String before = Catalog.snapshot(servers, n[0], n[1]);
        Cli.Result second = cli.run("init", "--json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        for (JsonNode step : new ObjectMapper().readTree(second.out()).get("steps")) {
            assertThat(step.get("status").asText()).as(step.toString()).isIn("ok", "skipped");
        }
        assertThat(Catalog.snapshot(servers, n[0], n[1])).isEqualTo(before);
    }

    @Test
    void twoConcurrentRunsBothEndOk() throws Exception {
        String[] n = fresh("concurrent");
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Cli.Result> fa = pool.submit(() -> withDir(a, n).run("init"));
            Future<Cli.Result> fb = pool.submit(() -> withDir(b, n).run("init"));
            Cli.Result ra = fa.get(180, TimeUnit.SECONDS);
            Cli.Result rb = fb.get(180, TimeUnit.SECONDS);
            assertThat(ra.exitCode()).as(ra.toString()).isZero();
            assertThat(rb.exitCode()).as(rb.toString()).isZero();
            // exactly one of them created the role; the other found it
            assertThat(ra.out().contains("created role") ^ rb.out().contains("created role")).as(ra + "\n" + rb).isTrue();
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = servers.superuser(n[1])) {
            assertThat(Catalog.rows(c, "select version from flyway_schema_history order by installed_rank")).containsExactly("1", "2", "3");
            assertThat(Catalog.rows(c, "select 1 from pg_index where not indisvalid")).isEmpty();
        }
    }

    private Cli withDir(Path d, String[] n) {
        return new Cli(d).env("NIKNOTES_ADMIN_URL", servers.adminUrl())
                .env("DATABASE_URL", "postgresql://" + n[0] + "@127.0.0.1:" + servers.pgPort() + "/" + n[1])
                .env("NIKNOTES_DB_PASSWORD", APP_PASSWORD).env("REDIS_URL", servers.redisUrl());
    }

    @Test
    void wrongAdminPasswordIsAuthFailedNamingUserAndHost() {
        Cli.Result r = cli("init_auth_user", "init_auth_db")
                .env("NIKNOTES_ADMIN_URL", "postgresql://postgres:wrong-Admin-9@127.0.0.1:" + servers.pgPort() + "/postgres").run("init");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.all()).contains("password authentication failed for user postgres at 127.0.0.1:" + servers.pgPort());
        assertNoSecrets(r, "wrong-Admin-9");
    }

    @Test
    void serverDownIsCannotConnect() throws Exception {
        int port = TestServers.freePort();
        Cli.Result r = new Cli(dir).env("NIKNOTES_ADMIN_URL", "postgresql://postgres:x-Pw-7@127.0.0.1:" + port + "/postgres")
                .env("DATABASE_URL", "postgresql://u@127.0.0.1:" + port + "/d").env("REDIS_URL", servers.redisUrl())
                .run("init", "--connect-timeout", "2", "--json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("cannot connect to PostgreSQL at 127.0.0.1:" + port);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("schema").asText()).isEqualTo(Init.SCHEMA);
        assertThat(doc.get("exit_code").asInt()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertNoSecrets(r, "x-Pw-7");
    }

    @Test
    void redisDownIsOnlySkippedWhenNotRequired() throws Exception {
        String[] n = fresh("redisopt");
        Cli.Result r = cli(n[0], n[1]).env("REDIS_URL", "redis://127.0.0.1:" + TestServers.freePort() + "/0")
                .run("init", "--connect-timeout", "2");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("redis reachable: cannot connect to Redis").contains("Redis is not usable (see the checks)");
    }

    @Test
    void requiredRedisDownStopsBeforeProvisioning() throws Exception {
        String[] n = fresh("redisdown");
        Cli.Result r = cli(n[0], n[1]).env("REDIS_URL", "redis://127.0.0.1:" + TestServers.freePort() + "/0")
                .run("init", "--require-redis", "--connect-timeout", "2");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("cannot connect to Redis");
        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.rows(c, "select 1 from pg_roles where rolname = '" + n[0] + "'")).isEmpty();
        }
    }

    @Test
    void envFileKeepsOtherLinesIsBackedUpAndOwnerOnly() throws Exception {
        String[] n = fresh("env");
        String old = "# NikNotes settings\nFLASK_ENV=development\nexport DATABASE_URL=postgresql://old@localhost/old\n\n"
                + "SECRET_KEY='abc # not a comment'\n# end\n";
        Files.writeString(dir.resolve(".env"), old);
        Cli.Result r = cli(n[0], n[1]).run("init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("previous file kept as .env.bak");
        String now = Files.readString(dir.resolve(".env"));
        assertThat(now).isEqualTo("# NikNotes settings\nFLASK_ENV=development\nexport DATABASE_URL=postgresql://" + n[0] + ":" + APP_PASSWORD
                + "@127.0.0.1:" + servers.pgPort() + "/" + n[1] + "\n\nSECRET_KEY='abc # not a comment'\n# end\nREDIS_URL="
                + servers.redisUrl() + "\n");
        assertThat(Files.readString(dir.resolve(".env.bak"))).isEqualTo(old);
        assertThat(Files.getPosixFilePermissions(dir.resolve(".env"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve(".env.bak"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertNoSecrets(r);
    }

    @Test
    void withoutAPasswordOneIsGeneratedAndOnlyWrittenToTheEnvFile() throws Exception {
        String[] n = fresh("gen");
        // DATABASE_URL without a password in the app's .env, as a developer starts
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=postgresql://" + n[0] + "@127.0.0.1:" + servers.pgPort() + "/" + n[1] + "\n");
        Cli cli = servers.cli(dir);
        Cli.Result refused = cli.run("init", "--no-env-file");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.out()).contains("a generated one would be lost");

        Cli.Result r = cli.run("init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("generated a password for");
        String url = Files.readAllLines(dir.resolve(".env")).stream().filter(l -> l.startsWith("DATABASE_URL=")).findFirst().orElseThrow();
        String password = url.substring(url.indexOf(n[0] + ":") + n[0].length() + 1, url.indexOf("@"));
        assertThat(password).matches("[A-Za-z0-9_-]{24,}");
        assertThat(r.all()).doesNotContain(password);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + n[1], n[0], password)) {
            assertThat(c.isValid(2)).isTrue();
        }
        // the second run finds the password in .env (the app's own setting) and changes nothing
        Cli.Result second = cli.run("init");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("password kept");
        assertThat(second.all()).doesNotContain(password);
    }

    @Test
    void existingRoleWithAnotherPasswordNeedsResetPassword() throws Exception {
        String[] n = fresh("reset");
        assertThat(cli(n[0], n[1]).run("init").exitCode()).isZero();
        String newPw = "new-Pw-" + Long.toHexString(System.nanoTime());
        Cli.Result refused = cli(n[0], n[1]).env("NIKNOTES_DB_PASSWORD", newPw).run("init", "--no-env-file");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(refused.out()).contains("refuses the configured password").contains("--reset-password");

        Cli.Result reset = cli(n[0], n[1]).env("NIKNOTES_DB_PASSWORD", newPw).run("init", "--reset-password");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("password reset");
        assertNoSecrets(reset, newPw);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + n[1], n[0], newPw)) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(Files.readString(dir.resolve(".env"))).contains(":" + newPw + "@");
    }

    @Test
    void aDatabaseTheAppCreatedIsAdopted() throws Exception {
        String[] n = fresh("adopt");
        servers.sql("postgres", "create role " + n[0] + " login password '" + APP_PASSWORD + "'", "create database " + n[1] + " owner " + n[0]);
        servers.sql(n[1], "set role " + n[0], Files.readString(Path.of("migrations/V1__niknotes_schema.sql")),
                "create index ix_trips_user_id on trips (user_id)");
        Cli.Result r = cli(n[0], n[1]).run("init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("adopted the app's existing schema (baselined at V1)").contains("applied V2");
    }

    @Test
    void theSqliteSourceIsCopiedOnceAndVerified() throws Exception {
        String[] n = fresh("sqlite");
        Path copy = dir.resolve("niknotes.db");
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), copy);
        Cli.Result unconfirmed = cli(n[0], n[1]).run("init");
        assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isZero();
        // said once, in the step line (issue 12.6), no longer as a separate warning that contradicts it
        assertThat(unconfirmed.out()).contains("not copied without confirmation");

        Cli.Result r = cli(n[0], n[1]).run("init", "--from-sqlite", "niknotes.db");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("copied ").contains("verified (counts and checksums)");
        assertThat(r.err()).doesNotContain("not copied yet");
        assertNoSecrets(r);
        java.util.Map<String, Long> sqliteCounts = new java.util.TreeMap<>();
        try (var lite = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            for (String t : java.util.List.of("users", "trips", "travelers", "packing_items", "audit_logs")) {
                try (var rs = lite.createStatement().executeQuery("select count(*) from " + t)) {
                    rs.next();
                    sqliteCounts.put(t, rs.getLong(1));
                }
            }
        }
        java.util.Map<String, Long> pgCounts = new java.util.TreeMap<>();
        try (Connection c = servers.superuser(n[1])) {
            for (String t : sqliteCounts.keySet()) {
                try (var rs = c.createStatement().executeQuery("select count(*) from " + t)) {
                    rs.next();
                    pgCounts.put(t, rs.getLong(1));
                }
            }
        }
        assertThat(pgCounts).isEqualTo(sqliteCounts);
        assertThat(pgCounts.get("packing_items")).isPositive();

        Cli.Result again = cli(n[0], n[1]).run("init", "--from-sqlite", "niknotes.db");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already copied from");

        Cli.Result missing = cli(n[0], n[1]).run("init", "--from-sqlite", "nope.db");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.SOURCE_INVALID.code());
    }

    @Test
    void rowsTheToolDidNotCopyAreLeftAlone() throws Exception {
        String[] n = fresh("foreign_rows");
        Cli.Result first = cli(n[0], n[1]).run("init");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        servers.sql(n[1], "insert into users (id, username, email) values ('u1', 'someone', 'someone@example.com')");
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), dir.resolve("other.db"));
        Cli.Result r = cli(n[0], n[1]).run("init", "--from-sqlite", "other.db");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("already holds 1 rows that this tool did not copy").contains("--truncate");
        assertThat(r.err()).contains("not copied yet");
        try (Connection c = servers.superuser(n[1]); var rs = c.createStatement().executeQuery("select count(*) from users")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }
}
