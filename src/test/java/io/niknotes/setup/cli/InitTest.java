package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.Cli;
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
        return new Cli(dir)
                .env("NIKNOTES_ADMIN_URL", servers.adminUrl())
                .env("DATABASE_URL", "postgresql://" + role + "@127.0.0.1:" + servers.pgPort() + "/" + db)
                .env("NIKNOTES_DB_PASSWORD", APP_PASSWORD)
                .env("REDIS_URL", servers.redisUrl());
    }

    static void assertNoSecrets(Cli.Result r, String... more) {
        assertThat(r.all()).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD).doesNotContain(APP_PASSWORD)
                .doesNotContain(TestServers.REDIS_PASSWORD).doesNotContain("SCRAM-SHA-256$");
        for (String s : more) assertThat(r.all()).doesNotContain(s);
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
        Cli.Result second = cli(n[0], n[1]).run("init");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).doesNotContain("changed").contains("password kept").contains("schema up to date");
        assertThat(Catalog.snapshot(servers, n[0], n[1])).isEqualTo(before);
        assertThat(second.out().lines().filter(l -> l.startsWith("✓ ") || l.startsWith("– ")).count()).isGreaterThan(8);
        assertNoSecrets(second);
    }
}
