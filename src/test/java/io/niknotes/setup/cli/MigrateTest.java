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
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MigrateTest {
    static final String PASSWORD = "migrate-Pw-" + Long.toHexString(System.nanoTime());
    static final Path MIGRATIONS = Path.of("migrations");
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
    }

    /** An empty database owned by its own app role, as init leaves it before the migrations. */
    static String fresh(String tag) {
        return servers.ownedDatabase("mig_" + tag, PASSWORD);
    }

    private Cli cli(String name) {
        return new Cli(dir).env("DATABASE_URL", "postgresql://" + name + "@127.0.0.1:" + servers.pgPort() + "/" + name)
                .env("NIKNOTES_DB_PASSWORD", PASSWORD);
    }

    private static List<String> indexes(String db) throws Exception {
        try (Connection c = servers.superuser(db)) {
            return Catalog.rows(c, "select indexname from pg_indexes where schemaname = 'public' and indexname not like '%pkey' "
                    + "and indexname not in ('ix_users_username', 'ix_users_email') and indexname not like 'flyway%' and indexname not like 'alembic%' order by 1");
        }
    }

    private static List<String> history(String db) throws Exception {
        try (Connection c = servers.superuser(db)) {
            return Catalog.rows(c, "select version || ' ' || type || ' ' || success from flyway_schema_history order by installed_rank");
        }
    }

    private static Cli.Result timed(Cli cli, String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(90), () -> cli.run(args),
                "migrate hung: Flyway waiting on its own lock while CREATE INDEX CONCURRENTLY waits for it?");
    }

    @Test
    void dryRunShowsTheStatementsThenMigrateAppliesAllWithoutHangingAndIsIdempotent() throws Exception {
        String db = fresh("apply");
        Cli.Result dry = timed(cli(db), "migrate", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("CREATE TABLE users").contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_item_trip_order")
                .contains("SET lock_timeout").contains("dry run: nothing was changed");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select tablename from pg_tables where schemaname = 'public'")).isEmpty();
        }

        Cli.Result r = timed(cli(db), "migrate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("applied V1 niknotes schema, V2 model indexes, V3 hot query indexes").contains("no INVALID index");
        assertThat(history(db)).containsExactly("1 SQL true", "2 SQL true", "3 SQL true");
        assertThat(indexes(db)).hasSize(32).contains("idx_trip_user_created", "idx_item_trip_order", "idx_item_trip_reviewed");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select distinct tableowner from pg_tables where schemaname = 'public'")).containsExactly(db);
        }

        Cli.Result again = timed(cli(db), "migrate", "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(again.out());
        assertThat(doc.get("schema").asText()).isEqualTo("niknotes-setup.migrate/1");
        assertThat(doc.get("steps").get(0).get("status").asText()).isEqualTo("ok");
        assertThat(doc.get("steps").get(0).get("detail").asText()).contains("up to date (V3)");

        Cli.Result info = cli(db).run("migrate", "info", "--json");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        JsonNode rows = new ObjectMapper().readTree(info.out()).get("migrations");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).get("state").asText()).isEqualTo("Success");
        assertThat(rows.get(2).get("installed_by").asText()).isEqualTo(db);
        assertThat(cli(db).run("migrate", "info").out()).contains("Version").contains("model indexes").contains("Success");
        Cli.Result valid = cli(db).run("migrate", "validate");
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.all()).doesNotContain(PASSWORD);
    }

    @Test
    void twoConcurrentMigrationsBothEndOkWithoutDeadlock() throws Exception {
        String db = fresh("concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Cli.Result> a = pool.submit(() -> cli(db).run("migrate"));
            Future<Cli.Result> b = pool.submit(() -> cli(db).run("migrate"));
            Cli.Result ra = a.get(120, TimeUnit.SECONDS);
            Cli.Result rb = b.get(120, TimeUnit.SECONDS);
            assertThat(ra.exitCode()).as(ra.toString()).isZero();
            assertThat(rb.exitCode()).as(rb.toString()).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(history(db)).containsExactly("1 SQL true", "2 SQL true", "3 SQL true");
    }

    @Test
    void aSchemaTheAppCreatedItselfIsAdoptedAndIndexed() throws Exception {
        String db = fresh("adopt");
        String v1 = Files.readString(MIGRATIONS.resolve("V1__niknotes_schema.sql"));
        // as SQLAlchemy create_all does: the tables, and the model's single-column indexes (some of them)
        servers.sql(db, "set role " + db, v1, "create index ix_trips_user_id on trips (user_id)",
                "create index ix_packing_items_trip_id on packing_items (trip_id)",
                "insert into users (id, username, email) values ('u1', 'ann', 'ann@example.org')");
        Cli.Result dry = cli(db).run("migrate", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would adopt the app's existing schema (baseline at V1), then would apply V2 model indexes, V3")
                .doesNotContain("CREATE TABLE");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select 1 from pg_tables where tablename = 'flyway_schema_history'")).isEmpty();
        }
        Cli.Result r = timed(cli(db), "migrate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("adopted the app's existing schema (baselined at V1)").contains("applied V2").contains("V3");
        assertThat(history(db)).containsExactly("1 BASELINE true", "2 SQL true", "3 SQL true");
        assertThat(indexes(db)).hasSize(32);
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.value(c, "select username from users where id = 'u1'")).isEqualTo("ann");
        }
    }

    @Test
    void foreignTablesWithoutHistoryAreNotAdopted() {
        String db = fresh("foreign");
        servers.sql(db, "set role " + db, "create table invoices (id int)");
        Cli.Result r = cli(db).run("migrate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(r.out()).contains("holds tables that are not NikNotes'").contains("invoices");
    }

    @Test
    void invalidIndexIsReportedAndRepairedConcurrently() throws Exception {
        String db = fresh("repair");
        assertThat(timed(cli(db), "migrate").exitCode()).isZero();
        // what a failed CREATE INDEX CONCURRENTLY leaves behind: the index, marked not valid
        servers.sql(db, "update pg_index set indisvalid = false where indexrelid = 'idx_trip_destination_date'::regclass");

        Cli.Result found = cli(db).run("migrate");
        assertThat(found.exitCode()).as(found.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(found.out()).contains("INVALID indexes").contains("idx_trip_destination_date").contains("migrate repair-indexes");

        Cli.Result dry = cli(db).run("migrate", "repair-indexes", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("REINDEX INDEX CONCURRENTLY \"idx_trip_destination_date\"");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.value(c, "select indisvalid from pg_index where indexrelid = 'idx_trip_destination_date'::regclass")).isEqualTo("f");
        }

        Cli.Result fixed = cli(db).run("migrate", "repair-indexes");
        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("rebuilt idx_trip_destination_date");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.value(c, "select indisvalid from pg_index where indexrelid = 'idx_trip_destination_date'::regclass")).isEqualTo("t");
        }
        assertThat(cli(db).run("migrate").exitCode()).isZero();
    }

    @Test
    void anIndexBuildBlockedByALongTransactionFailsFastAndRepairLetsMigrateFinish() throws Exception {
        String db = fresh("blocked");
        Path mig = Files.createDirectories(dir.resolve("mig"));
        Files.copy(MIGRATIONS.resolve("V1__niknotes_schema.sql"), mig.resolve("V1__niknotes_schema.sql"));
        assertThat(cli(db).run("migrate", "--migrations", "mig").exitCode()).isZero();
        // the real index migrations, with a short lock_timeout so the test need not wait 30 s
        for (String name : List.of("V2__model_indexes.sql", "V3__hot_query_indexes.sql")) {
            Files.writeString(mig.resolve(name), Files.readString(MIGRATIONS.resolve(name)).replace("'30s'", "'1s'"));
            Files.copy(MIGRATIONS.resolve(name + ".conf"), mig.resolve(name + ".conf"));
        }
        try (Connection blocker = servers.superuser(db); java.sql.Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("lock table trips in share update exclusive mode"); // what a long VACUUM or DDL holds
            Cli.Result blocked = timed(cli(db), "migrate", "--migrations", "mig");
            assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(ExitCode.FAILED.code());
            assertThat(blocked.err()).contains("lock timeout").contains("repair-indexes");
            blocker.rollback();
        }
        assertThat(history(db)).containsExactly("1 SQL true", "2 SQL false");

        Cli.Result stuck = cli(db).run("migrate", "--migrations", "mig");
        assertThat(stuck.exitCode()).as(stuck.toString()).isEqualTo(ExitCode.FAILED.code());

        Cli.Result repair = cli(db).run("migrate", "repair-indexes", "--migrations", "mig");
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("forgot the failed V2");
        Cli.Result done = timed(cli(db), "migrate", "--migrations", "mig");
        assertThat(done.exitCode()).as(done.toString()).isZero();
        assertThat(history(db)).containsExactly("1 SQL true", "2 SQL true", "3 SQL true");
        assertThat(indexes(db)).hasSize(32);
    }

    @Test
    void undoIndexesDropsThemAndMigrateBuildsThemAgain() throws Exception {
        String db = fresh("undo");
        assertThat(timed(cli(db), "migrate").exitCode()).isZero();
        Cli.Result dry = cli(db).run("migrate", "undo-indexes", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("DROP INDEX CONCURRENTLY IF EXISTS \"idx_user_oauth\"").contains("would drop 32 indexes and forget V3, V2");
        assertThat(indexes(db)).hasSize(32);

        Cli.Result undo = cli(db).run("migrate", "undo-indexes");
        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(indexes(db)).isEmpty();
        assertThat(history(db)).containsExactly("1 SQL true");
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select indexname from pg_indexes where indexname in ('ix_users_username', 'ix_users_email')")).hasSize(2);
        }

        Cli.Result redo = timed(cli(db), "migrate");
        assertThat(redo.exitCode()).as(redo.toString()).isZero();
        assertThat(indexes(db)).hasSize(32);
    }

    @Test
    void migrationsFromADirectoryAndValidateCatchesAnEditedFile() throws Exception {
        String db = fresh("dir");
        Path mig = dir.resolve("mig");
        Files.createDirectories(mig);
        try (var files = Files.list(MIGRATIONS)) {
            for (Path p : files.toList()) Files.copy(p, mig.resolve(p.getFileName()));
        }
        Files.writeString(mig.resolve("V4__trip_notes.sql"), "ALTER TABLE trips ADD COLUMN notes_extra TEXT;\n");
        Cli.Result r = timed(cli(db), "migrate", "--migrations", "mig");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("V4 trip notes").contains("now at V4");

        Files.writeString(mig.resolve("V4__trip_notes.sql"), "ALTER TABLE trips ADD COLUMN notes_extra VARCHAR;\n");
        Cli.Result v = cli(db).run("migrate", "validate", "--migrations", "mig");
        assertThat(v.exitCode()).as(v.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(v.out()).contains("checksum");
    }

    /** The one missing-password error of every command (issue 10): AUTH_FAILED, naming every place a password may come from. */
    @Test
    void withoutTheAppPasswordItIsTheOneMissingPasswordError() {
        String db = fresh("nopw");
        Cli.Result r = new Cli(dir).env("DATABASE_URL", "postgresql://" + db + "@127.0.0.1:" + servers.pgPort() + "/" + db).run("migrate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.err()).contains("no password for the app role " + db)
                .contains("DATABASE_URL").contains("NIKNOTES_DB_PASSWORD").contains("none was found in " + dir)
                .contains("--password-file").contains("no-such-pgpass");
    }

    @Test
    void wrongAppPasswordIsAuthFailed() {
        String db = fresh("badpw");
        Cli.Result r = cli(db).env("NIKNOTES_DB_PASSWORD", "not-it-123").run("migrate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(r.err()).contains("password authentication failed for user " + db + " at 127.0.0.1:" + servers.pgPort());
        assertThat(r.all()).doesNotContain("not-it-123");
    }
}
