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

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `check --schema`, `migrate repair-schema` and init's schema step, driven as a user does. */
class CheckSchemaTest {
    static final String APP_PASSWORD = "schema-app-Pw-" + Long.toHexString(System.nanoTime());
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
    }

    private Cli cli(String name) {
        return servers.cli(dir).env("DATABASE_URL", "postgresql://" + name + "@127.0.0.1:" + servers.pgPort() + "/" + name)
                .env("NIKNOTES_DB_PASSWORD", APP_PASSWORD);
    }

    private static String provisioned(Cli cli, String name) {
        servers.sql("postgres", "drop database if exists " + name + " with (force)", "drop role if exists " + name);
        Cli.Result init = cli.run("init", "--no-env-file");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out()).containsPattern("schema +no drift from the migrations");
        return name;
    }

    private static List<String> differences(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("schema_drift").path("differences").forEach(d -> out.add(d.path("kind").asText() + " " + d.path("object").asText() + " "
                + d.path("aspect").asText() + " " + d.path("severity").asText()));
        return out;
    }

    @Test
    void aProvisionedDatabaseHasNoDriftAndAHandMadeOneIsListedRepairedAndGone() throws Exception {
        String db = provisioned(cli("schema_cli"), "schema_cli");
        Cli.Result clean = cli(db).run("check", "--schema", "--json");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(clean.out());
        assertThat(doc.path("schema_drift").path("differences").size()).isZero();
        assertThat(doc.path("schema_drift").path("status").asText()).isEqualTo("ok");

        Cli.Result plain = cli(db).run("check");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.out()).contains("not compared").contains("niknotes-setup check --schema");

        servers.sql(db, "drop index idx_trip_user_created", "alter table audit_logs alter column action drop not null",
                "alter table users add column nickname text");
        Cli.Result drifted = cli(db).run("check", "--schema", "--json");
        assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(ExitCode.SCHEMA_DRIFT.code());
        JsonNode d = new ObjectMapper().readTree(drifted.out());
        assertThat(differences(d)).containsExactly("column audit_logs.action not null changed", "column users.nickname extra extra",
                "index idx_trip_user_created missing missing");
        assertThat(d.path("schema_drift").path("repair_sql").toString()).contains("ALTER TABLE audit_logs ALTER COLUMN action SET NOT NULL")
                .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_trip_user_created ON trips USING btree (user_id, created_at DESC)");

        Cli.Result text = cli(db).run("check", "--schema");
        assertThat(text.exitCode()).isEqualTo(ExitCode.SCHEMA_DRIFT.code());
        assertThat(text.out()).contains("Schema (against the migrations)").contains("index idx_trip_user_created")
                .contains("extra (not in the migrations; kept)").contains("migrate repair-schema");

        Cli.Result dry = cli(db).run("migrate", "repair-schema", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("SET NOT NULL").contains("dry run: nothing was changed");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select 1 from pg_indexes where indexname = 'idx_trip_user_created'")).isEmpty();
        }
        Cli.Result repair = cli(db).run("migrate", "repair-schema");
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("repaired 2 differences");
        Cli.Result after = cli(db).run("check", "--schema");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("users.nickname").doesNotContain("idx_trip_user_created");
        assertThat(cli(db).run("migrate", "repair-schema").out()).contains("nothing to repair");
    }

    @Test
    void plainCheckPointsAtTheSchemaComparisonAndOneWithoutADatabaseFails() {
        String db = "schema_none";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + db);
        Cli.Result r = cli(db).run("check", "--schema");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(r.out()).contains("not compared: the app role did not connect").contains("niknotes-setup init");
        Cli.Result plain = cli(db).run("check");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.out()).doesNotContain("Schema (against the migrations)");
    }
}
