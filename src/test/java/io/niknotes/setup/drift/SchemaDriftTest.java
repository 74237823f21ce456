package io.niknotes.setup.drift;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.schema.SchemaMigrator;
import io.niknotes.setup.support.Migrations;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.niknotes.setup.support.Catalog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaDriftTest {
    static final String PASSWORD = "drift-Pw-" + Long.toHexString(System.nanoTime());
    static final Path MIGRATIONS = Path.of("migrations");
    static TestServers servers;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
    }

    /** A database owned by its own app role with the migrations applied, as init leaves it. */
    static String migrated(String tag) {
        String name = servers.ownedDatabase("drift_" + tag, PASSWORD);
        Migrations.apply(servers.appUrl(name, PASSWORD, name));
        return name;
    }

    static SchemaDrift drift(String db, Path migrations) {
        DatabaseUrl app = DatabaseUrl.parse(servers.appUrl(db, PASSWORD, db), "test");
        PostgresConnector connector = new PostgresConnector(Duration.ofSeconds(10));
        return new SchemaDrift(app, connector, new SchemaMigrator(app, connector, migrations));
    }

    @Test
    void aFreshlyMigratedDatabaseHasNoDriftAndTheScratchSchemaIsGone() throws Exception {
        String db = migrated("fresh");
        DriftReport r = drift(db, MIGRATIONS).compare();
        assertThat(r.drifts()).isEmpty();
        assertThat(r.failed()).isFalse();
        assertThat(r.repairSql()).isEmpty();
        // the expected side really was built: the counts are those of the migrations (read independently from the files)
        String files = Files.readString(MIGRATIONS.resolve("V2__model_indexes.sql")) + Files.readString(MIGRATIONS.resolve("V3__hot_query_indexes.sql"))
                + Files.readString(MIGRATIONS.resolve("V1__niknotes_schema.sql"));
        assertThat(r.expected().indexes()).isEqualTo(count(files, "(?m)^CREATE (UNIQUE )?INDEX"));
        assertThat(r.expected().enums()).isEqualTo(count(files, "(?m)^CREATE TYPE"));
        assertThat(r.expected().tables()).isEqualTo(count(files, "(?m)^CREATE TABLE"));
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select nspname from pg_namespace where nspname like 'niknotes_drift%'")).isEmpty();
        }
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    /** A drift made by hand, what must be found, and a fragment of the SQL that must restore it. */
    record Case(String tag, String[] damage, String kind, String object, String aspect, String repairFragment) {
        @Override
        public String toString() {
            return tag;
        }
    }

    static Stream<Case> handMadeDrift() {
        return Stream.of(
                new Case("dropindex", new String[]{"drop index ix_trips_destination"}, "index", "ix_trips_destination", "missing",
                        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_destination ON trips USING btree (destination)"),
                new Case("ascending", new String[]{"drop index idx_trip_created_desc", "create index idx_trip_created_desc on trips (created_at)"},
                        "index", "idx_trip_created_desc", "order", "ON trips USING btree (created_at DESC)"),
                new Case("coltype", new String[]{"alter table users alter column username type varchar(200)"}, "column", "users.username", "type",
                        "ALTER TABLE users ALTER COLUMN username TYPE character varying(80)"),
                new Case("notnull", new String[]{"alter table trips alter column destination drop not null"}, "column", "trips.destination",
                        "not null", "ALTER TABLE trips ALTER COLUMN destination SET NOT NULL"),
                new Case("dropfk", new String[]{"alter table travelers drop constraint travelers_trip_id_fkey"}, "constraint", "travelers_trip_id_fkey",
                        "missing", "ALTER TABLE travelers ADD CONSTRAINT travelers_trip_id_fkey FOREIGN KEY (trip_id) REFERENCES trips(id) ON DELETE CASCADE"),
                new Case("ondelete", new String[]{"alter table trips drop constraint trips_user_id_fkey",
                        "alter table trips add constraint trips_user_id_fkey foreign key (user_id) references users(id) on delete restrict"},
                        "constraint", "trips_user_id_fkey", "on delete", "DROP CONSTRAINT trips_user_id_fkey, ADD CONSTRAINT trips_user_id_fkey "
                        + "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
                new Case("label", new String[]{"alter type travelstyle rename value 'LUXURY' to 'PREMIUM'"}, "enum", "travelstyle", "labels",
                        "ALTER TYPE travelstyle RENAME VALUE 'PREMIUM' TO 'LUXURY'"),
                new Case("invalid", new String[]{"update pg_index set indisvalid = false where indexrelid = 'idx_audit_timestamp_desc'::regclass"},
                        "index", "idx_audit_timestamp_desc", "validity", "REINDEX INDEX CONCURRENTLY idx_audit_timestamp_desc"),
                new Case("notvalid", new String[]{"alter table packing_items drop constraint packing_items_trip_id_fkey",
                        "alter table packing_items add constraint packing_items_trip_id_fkey foreign key (trip_id) references trips(id) on delete cascade not valid"},
                        "constraint", "packing_items_trip_id_fkey", "validity", "ALTER TABLE packing_items VALIDATE CONSTRAINT packing_items_trip_id_fkey"),
                new Case("partial", new String[]{"drop index idx_item_trip_reviewed", "create index idx_item_trip_reviewed on packing_items (trip_id)"},
                        "index", "idx_item_trip_reviewed", "predicate", "WHERE actually_used IS NOT NULL"),
                new Case("sequence", new String[]{"alter table audit_logs alter column id drop default", "drop sequence audit_logs_id_seq"},
                        "column", "audit_logs.id", "sequence", "CREATE SEQUENCE IF NOT EXISTS audit_logs_id_seq AS integer OWNED BY audit_logs.id"),
                new Case("alembic", new String[]{"delete from alembic_version"}, "alembic_version", "alembic_version", "missing",
                        "INSERT INTO alembic_version (version_num) VALUES ('a1b2c3d4e5f6')"));
    }

    /** The cases share one database: each leaves it repaired for the next (a failed one has it made again). */
    private static String shared;

    @ParameterizedTest(name = "{0}")
    @MethodSource("handMadeDrift")
    void eachHandMadeDriftIsFoundNamedAndRepaired(Case c) {
        String db = shared != null ? shared : migrated("cases");
        shared = null;
        servers.sql(db, c.damage());
        SchemaDrift.Repair repair = drift(db, MIGRATIONS).repair(false);
        DriftReport before = repair.before();
        assertThat(before.failed()).as(before.drifts().toString()).isTrue();
        assertThat(before.exitCode().code()).isNotZero();
        assertThat(before.drifts()).as(before.drifts().toString()).hasSize(1);
        Drift d = before.drifts().get(0);
        assertThat(List.of(d.kind(), d.object(), d.aspect())).isEqualTo(List.of(c.kind(), c.object(), c.aspect()));
        assertThat(String.join(";\n", d.repair())).contains(c.repairFragment());
        assertThat(repair.statements()).containsAll(d.repair());
        assertThat(repair.after().drifts()).as("after running the printed fix").isEmpty();
        shared = db;
    }

    @Test
    void anExtraColumnIndexAndTableAreReportedAndDoNotFail() {
        String db = migrated("extra");
        servers.sql(db, "alter table trips add column mood text", "create index ix_trips_mood on trips (mood)", "create table app_notes (id int)");
        DriftReport r = drift(db, MIGRATIONS).compare();
        assertThat(r.failed()).isFalse();
        assertThat(r.exitCode().code()).isZero();
        assertThat(r.drifts()).extracting(d -> d.kind() + " " + d.object() + " " + d.severity())
                .containsExactlyInAnyOrder("column trips.mood EXTRA", "index ix_trips_mood EXTRA", "table app_notes EXTRA");
        assertThat(r.repairSql()).isEmpty();
    }

    @Test
    void anEnumLabelTheAppAddedIsExtraAndARoleThatMayNotCreateASchemaIsToldWhy() {
        String db = migrated("label_extra");
        servers.sql(db, "alter type travelstyle add value 'ROAD_TRIP'");
        DriftReport r = drift(db, MIGRATIONS).compare();
        assertThat(r.failed()).isFalse();
        assertThat(r.drifts()).extracting(d -> d.kind() + " " + d.object() + " " + d.severity()).containsExactly("enum travelstyle EXTRA");

        servers.sql("postgres", "revoke create on database " + db + " from " + db);
        assertThatThrownBy(() -> drift(db, MIGRATIONS).compare()).isInstanceOf(SetupException.class)
                .hasMessageContaining("may not create a schema in " + db)
                .satisfies(e -> assertThat(((SetupException) e).fix()).contains("GRANT CREATE ON DATABASE"));
        servers.sql("postgres", "grant create on database " + db + " to " + db);
        assertThat(drift(db, MIGRATIONS).compare().failed()).isFalse();
    }

    @Test
    void anOldTransactionIsNamedAtOnceInsteadOfWaitedFor() throws Exception {
        String db = migrated("old_tx");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + db, db, PASSWORD);
             java.sql.Statement st = c.createStatement()) {
            st.execute("begin isolation level repeatable read");
            st.execute("select count(*) from users"); // holds a snapshot, as a long report would
            int pid = Integer.parseInt(Catalog.value(c, "select pg_backend_pid()"));
            Thread.sleep(5_500);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> drift(db, MIGRATIONS).compare()).isInstanceOf(SetupException.class)
                    .hasMessageContaining("pid " + pid).hasMessageContaining("idle in transaction")
                    .satisfies(e -> assertThat(((SetupException) e).fix()).contains("pg_terminate_backend"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10)); // not the 30 s lock_timeout
            st.execute("rollback");
        }
        assertThat(drift(db, MIGRATIONS).compare().failed()).isFalse();
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.rows(c, "select nspname from pg_namespace where nspname like 'niknotes_drift%'")).isEmpty();
        }
    }

    @Test
    void anAppliedMigrationEditedAfterItRanIsFoundAndItsChecksumRecorded(@TempDir Path dir) throws Exception {
        String db = migrated("edited");
        for (String f : List.of("V1__niknotes_schema.sql", "V2__model_indexes.sql", "V2__model_indexes.sql.conf", "V3__hot_query_indexes.sql",
                "V3__hot_query_indexes.sql.conf")) {
            Files.copy(MIGRATIONS.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("V3__hot_query_indexes.sql"), "\n-- edited after it ran\n", StandardOpenOption.APPEND);
        DriftReport r = drift(db, dir).compare();
        assertThat(r.failed()).isTrue();
        assertThat(r.drifts()).extracting(d -> d.kind() + " " + d.object() + " " + d.aspect()).containsExactly("migration V3 hot query indexes checksum");
        assertThat(r.repairSql()).anyMatch(s -> s.startsWith("UPDATE flyway_schema_history SET checksum = ") && s.contains("WHERE version = '3'"));
        assertThat(drift(db, dir).repair(false).after().drifts()).isEmpty();
        // Flyway itself agrees: its validate passes against the edited files now
        DatabaseUrl app = DatabaseUrl.parse(servers.appUrl(db, PASSWORD, db), "test");
        assertThat(new SchemaMigrator(app, new PostgresConnector(Duration.ofSeconds(10)), dir).validate()).isEmpty();
    }

    /** An empty database owned by its app role, schema built from the pgloader fixture (as the app role, so it owns the tables). */
    static String pgloaded(String tag) throws Exception {
        String name = servers.ownedDatabase("drift_" + tag, PASSWORD);
        String fixture = new String(SchemaDriftTest.class.getResourceAsStream("/drift/pgloader-sample-schema.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + name, name, PASSWORD);
             java.sql.Statement st = c.createStatement()) {
            st.execute(fixture);
        }
        return name;
    }

    @Test
    void whatPgloaderLostIsListedAndTheRepairRestoresTheExpectedSchemaKeepingTheRows() throws Exception {
        String db = pgloaded("pgloader");
        servers.sql(db, "insert into users (id, username, email, created_at) values ('u1', 'alice', 'a@example.org', '2024-01-02 03:04:05+00')",
                "insert into trips (id, user_id, destination, start_date, end_date, travel_style, created_at) "
                        + "values ('t1', 'u1', 'Lisbon', '2024-05-01', '2024-05-08', 'LEISURE', '2024-01-03 10:00:00+00')",
                "insert into audit_logs (id, \"timestamp\", event_type, event_category, action, success) values (7, now(), 'login', 'auth', 'login', true)");
        DriftReport r = drift(db, MIGRATIONS).compare();
        assertThat(r.failed()).isTrue();
        List<String> found = r.drifts().stream().map(d -> d.kind() + " " + d.object() + " " + d.aspect()).toList();
        // the 21 NOT NULL columns of V1's five tables, less the five primary-key columns pgloader kept
        assertThat(found.stream().filter(f -> f.endsWith(" not null"))).hasSize(16).contains("column trips.destination not null",
                "column audit_logs.success not null", "column users.email not null");
        assertThat(found).contains("index idx_trip_created_desc order", "index idx_audit_timestamp_desc order",
                "column audit_logs.id sequence", "enum travelstyle missing", "column trips.travel_style type",
                "column users.created_at type", "table alembic_version missing", "alembic_version alembic_version missing",
                "index ix_trips_created_at name", "constraint users_pkey name", "index idx_trip_user_created missing");
        Drift created = r.drifts().stream().filter(d -> d.object().equals("users.created_at") && d.aspect().equals("type")).findFirst().orElseThrow();
        assertThat(List.of(created.expected(), created.found())).containsExactly("timestamp without time zone", "timestamp with time zone");
        Drift style = r.drifts().stream().filter(d -> d.object().equals("trips.travel_style")).findFirst().orElseThrow();
        assertThat(List.of(style.expected(), style.found())).containsExactly("travelstyle", "text");
        assertThat(r.drifts()).filteredOn(d -> d.kind().equals("migration")).extracting(Drift::severity).containsExactly(Drift.Severity.NOTE);

        SchemaDrift.Repair repair = drift(db, MIGRATIONS).repair(false);
        assertThat(repair.after().failed()).as(repair.after().drifts().toString()).isFalse();
        Migrations.apply(servers.appUrl(db, PASSWORD, db)); // adopts the repaired schema: baseline V1, then V2 and V3 (already there)
        assertThat(drift(db, MIGRATIONS).compare().drifts()).isEmpty();
        try (Connection c = servers.superuser(db)) {
            assertThat(Catalog.value(c, "select created_at::text from users where id = 'u1'")).isEqualTo("2024-01-02 03:04:05");
            assertThat(Catalog.value(c, "select travel_style::text || ' ' || pg_typeof(travel_style) from trips")).isEqualTo("LEISURE travelstyle");
            c.createStatement().execute("insert into audit_logs (\"timestamp\", event_type, event_category, action, success) values (now(), 'x', 'y', 'z', true)");
            assertThat(Catalog.rows(c, "select id::text from audit_logs order by id")).containsExactly("7", "8");
        }
    }
}
