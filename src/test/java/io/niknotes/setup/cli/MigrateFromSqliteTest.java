package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.CopyOracle;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.niknotes.setup.support.Leaks.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

class MigrateFromSqliteTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    /** read = loaded + rejected for every table of a JSON summary. */
    static JsonNode json(Cli.Result r) throws Exception {
        JsonNode doc = new ObjectMapper().readTree(r.out());
        for (JsonNode t : doc.get("tables")) {
            assertThat(t.get("read").asLong()).as(t.toString()).isEqualTo(t.get("loaded").asLong() + t.get("rejected").asLong());
        }
        return doc;
    }

    @Test
    void sampleIsCopiedVerifiedAndReadsBackThroughTheSchema() throws Exception {
        String db = CopyFixtures.newDatabase("copy_sample");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        String before = CopyFixtures.sha256(file);
        Cli.Result r = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = json(r);
        assertThat(doc.get("loaded").asLong()).isEqualTo(50 + 265 + 135 + 276 + 3387);
        for (JsonNode t : doc.get("tables")) assertThat(t.get("verification").get("matches").asBoolean()).as(t.toString()).isTrue();
        assertThat(CopyFixtures.sha256(file)).isEqualTo(before);
        assertNoSecrets(r);
        CopyOracle.of(file, db).assertCopied();
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select travel_style, transportation, is_template, created_at from trips"
                    + " where id = '59001ac9-4063-49bc-a5b0-0a2d35d14880'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("LUXURY");
                assertThat(rs.getString(2)).isEqualTo("CRUISE");
                assertThat(rs.getBoolean(3)).isFalse();
                assertThat(rs.getObject(4, java.time.LocalDateTime.class)).isEqualTo(java.time.LocalDateTime.parse("2024-09-29T08:43:51.236205"));
            }
            try (ResultSet rs = st.executeQuery("select is_packed, actually_used, created_at::text from packing_items"
                    + " where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getString(3)).isEqualTo("2024-09-29 09:16:36.851943");
            }
            try (ResultSet rs = st.executeQuery("select nextval(pg_get_serial_sequence('audit_logs', 'id')) > (select max(id) from audit_logs)")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("sequence moved past the largest id").isTrue();
            }
            try (ResultSet rs = st.executeQuery("select count(*) from pg_constraint where contype = 'f' and conrelid::regclass::text"
                    + " in ('trips', 'travelers', 'packing_items')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("foreign keys recreated").isEqualTo(3);
            }
        }
    }

    @Test
    void textSummaryShowsEveryTableAndTotals() {
        String db = CopyFixtures.newDatabase("copy_text");
        Path file = CopyFixtures.sampleCopy(dir, "app.db");
        Cli.Result r = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString(), "--jobs", "2");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("packing_items\\s+3387\\s+3387\\s+0\\s+0\\s+[0-9.]+\\s+ok")
                .containsPattern("total\\s+4113\\s+4113\\s+0").contains("all rows copied and verified")
                .doesNotContain("\u001b[");
        assertThat(r.err()).contains("loading").contains("packing_items loaded 3387 row(s)");
        assertThat(dir.resolve("niknotes-rejects.jsonl")).doesNotExist();
        assertNoSecrets(r);
        CopyOracle.of(file, db).assertCopied();
    }

    @Test
    void helpListsTheOptionsAndTruncateExcludesAppend() {
        Cli.Result help = new Cli(dir).run("migrate-from-sqlite", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--truncate").contains("--append").contains("--skip-orphans").contains("--fix-text")
                .contains("--dry-run").contains("--create-missing").contains("--flush-cache").contains("--jobs").contains("--no-verify");
        Cli.Result both = new Cli(dir).run("migrate-from-sqlite", "--truncate", "--append");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
        Cli.Result badFix = new Cli(dir).run("migrate-from-sqlite", "--fix-text", "ignore");
        assertThat(badFix.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badFix.err()).contains("expected strip or replace");
    }

    @Test
    void defaultSourceIsNiknotesDbInTheWorkingDirectory() {
        String db = CopyFixtures.newDatabase("copy_default");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        Cli.Result r = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isEqualTo(50);
        CopyOracle.of(file, db).assertCopied();
    }

    private static String contents(String db) throws Exception {
        try (Connection c = TestServers.get().superuser(db)) {
            return Catalog.contents(c);
        }
    }

    private static String auditLogs(String contents) {
        return String.join("\n", contents.lines().filter(l -> l.contains("audit_logs")).toList());
    }

    @Test
    void nonEmptyTargetIsRefusedThenTruncateReplacesWithoutDuplicates() throws Exception {
        String db = CopyFixtures.newDatabase("copy_nonempty");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        assertThat(CopyFixtures.cli(dir, db).run("migrate-from-sqlite").exitCode()).isZero();
        String loaded = contents(db);
        Cli.Result again = CopyFixtures.cli(dir, db).run("migrate-from-sqlite");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(again.err()).contains("the target already holds data").contains("users (50 rows)").contains("--truncate");
        assertThat(contents(db)).as("the refusal wrote nothing").isEqualTo(loaded);
        CopyFixtures.sqlite(file, "delete from packing_items where rowid % 2 = 0");
        long expected = CopyFixtures.countSqlite(file, "select count(*) from packing_items");
        Cli.Result truncate = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--truncate", "--json");
        assertThat(truncate.exitCode()).as(truncate.toString()).isZero();
        json(truncate);
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(expected);
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isEqualTo(50);
        CopyOracle.of(file, db).assertCopied();

        // a --truncate load that fails (a duplicate key in audit_logs) leaves that table exactly as it was
        CopyFixtures.sqlite(file, "create table audit_copy as select * from audit_logs",
                "insert into audit_copy select * from audit_logs where id = (select min(id) from audit_logs)",
                "drop table audit_logs", "alter table audit_copy rename to audit_logs");
        String auditBefore = auditLogs(contents(db));
        Cli.Result failed = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--truncate");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(failed.all()).contains("audit_logs_pkey");
        assertThat(auditLogs(contents(db))).as("the failed table's rows, indexes and keys").isEqualTo(auditBefore).contains("265 rows");
    }

    @Test
    void notSqliteEmptyAndTruncatedFilesAreSourceInvalid() throws Exception {
        String db = CopyFixtures.newDatabase("copy_invalid");
        Path text = dir.resolve("text.db");
        java.nio.file.Files.writeString(text, "not a database\n".repeat(100));
        Path empty = dir.resolve("empty.db");
        java.nio.file.Files.write(empty, new byte[0]);
        byte[] sample = java.nio.file.Files.readAllBytes(CopyFixtures.SAMPLE);
        Path cut = dir.resolve("cut.db");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(sample, sample.length / 2));
        Path noTables = dir.resolve("none.db");
        CopyFixtures.sqlite(noTables, "create table t(x)", "drop table t");
        for (Path p : new Path[]{text, empty, cut, noTables, dir.resolve("missing.db")}) {
            Cli.Result r = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", p.toString());
            assertThat(r.exitCode()).as(p + "\n" + r).isEqualTo(ExitCode.SOURCE_INVALID.code());
            assertThat(r.err()).contains(p.getFileName().toString()).contains("fix:");
        }
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isZero();
    }

    @Test
    void dryRunReadsEverythingWritesNothingAndListsProblems() throws Exception {
        String db = CopyFixtures.newDatabase("copy_dry");
        Path file = CopyFixtures.sampleCopy(dir, "traps.db");
        CopyFixtures.sqlite(file,
                "update packing_items set quantity = '2x' where rowid = 1",
                "update packing_items set notes = 'a' || char(0) || 'b' where rowid = 2",
                "insert into packing_items (id, trip_id, name) values ('orphan-item', 'no-such-trip', 'Lost sock')",
                "create table legacy_notes (id integer primary key, body text)",
                "insert into legacy_notes (body) values ('x')");
        String before = CopyFixtures.sha256(file);
        Cli.Result r = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString(), "--dry-run", "--json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.DATA_REJECTED.code());
        JsonNode doc = json(r);
        assertThat(doc.get("dry_run").asBoolean()).isTrue();
        String problems = doc.get("problems").toString();
        assertThat(problems).contains("not an integer").contains("NUL character").contains("orphan").contains("legacy_notes");
        assertThat(doc.get("loaded").asLong()).isEqualTo(4113 - 2);
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from pg_namespace where nspname = 'niknotes_copy'")).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
        assertThat(dir.resolve("niknotes-rejects.jsonl")).doesNotExist();
        assertThat(CopyFixtures.sha256(file)).isEqualTo(before);

        Cli.Result text = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString(), "--dry-run");
        assertThat(text.out()).contains("Dry run (nothing written)").contains("packing_items.quantity: not an integer (1 row(s))")
                .contains("'2x'").contains("'a\\x00b'");
    }

    /**
     * A NikNotes-shaped file with many packing items (all referencing real trips), for the kill test. The packing items'
     * indexes are dropped for the insert and built again after it, as a bulk load does: the same file, a fifth of the work.
     */
    static Path bigFile(Path dir, int extraItems) throws SQLException {
        Path file = CopyFixtures.sampleCopy(dir, "big.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("pragma synchronous = off"); // a fixture: it need not survive a crash
            st.execute("pragma journal_mode = memory");
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select name, sql from sqlite_master where type = 'index' and tbl_name = 'packing_items'"
                    + " and sql is not null")) {
                while (rs.next()) indexes.add(rs.getString(2));
            }
            for (String create : indexes) st.execute("drop index " + create.split(" ")[2]);
            st.execute("create temp table t (n integer primary key, id text)");
            st.execute("insert into t select row_number() over (order by id) - 1, id from trips");
            st.execute("insert into packing_items (id, trip_id, name, category, quantity, is_packed, is_essential, notes, ai_suggested,"
                    + " display_order, created_at, updated_at)"
                    + " with recursive s(i) as (select 1 union all select i + 1 from s where i < " + extraItems + ")"
                    + " select 'gen-' || i, (select id from t where n = i % (select count(*) from t)), 'Item ' || i, 'GEAR', i % 5,"
                    + " i % 2, 0, 'note ' || i, 0, i % 50, '2024-09-29 09:26:36.' || substr('000000' || (i % 1000000), -6), null from s");
            for (String create : indexes) st.execute(create);
        }
        return file;
    }

    @Test
    void killedMidLoadThenRerunEndsWithExactlyTheSourceData() throws Exception {
        String db = CopyFixtures.newDatabase("copy_kill");
        // an index a later migration (V2+) would add: dropped for the load and rebuilt, even across the kill
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            st.execute("create index ix_test_items_trip on packing_items (trip_id, display_order)");
        }
        long secondary = CopyFixtures.count(db, "select (select count(*) from pg_index x join pg_class t on t.oid = x.indrelid"
                + " where t.relnamespace = 'public'::regnamespace and t.relname in ('users', 'trips', 'travelers', 'packing_items',"
                + " 'audit_logs') and not x.indisunique and not x.indisprimary)"
                + " + (select count(*) from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace)");
        assertThat(secondary).as("the migrations' indexes, the test index and the 3 foreign keys").isGreaterThanOrEqualTo(4);
        Path file = bigFile(dir, 350_000);
        long items = CopyFixtures.countSqlite(file, "select count(*) from packing_items");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.niknotes.setup.cli.Main",
                "migrate-from-sqlite", file.toString(), "--jobs", "2").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("DATABASE_URL", CopyFixtures.appUrl(db));
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.environment().put("NIKNOTES_HOME", dir.resolve("no-such-niknotes-home").toString());
        Process child = pb.start();
        long progress = 0;
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (Connection su = TestServers.get().superuser(db); Statement st = su.createStatement()) {
            while (progress < 200_000 && child.isAlive() && System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("select coalesce(max(tuples_processed), 0) from pg_stat_progress_copy p"
                        + " join pg_class c on c.oid = p.relid where c.relname = 'packing_items'")) {
                    rs.next();
                    progress = rs.getLong(1);
                }
                Thread.sleep(20);
            }
        }
        assertThat(child.isAlive()).as("the child was still loading when killed; log:\n"
                + java.nio.file.Files.readString(dir.resolve("child.log"))).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(progress).isGreaterThanOrEqualTo(200_000);
        // the packing items' transaction did not commit: the table is empty again; the indexes are recorded as dropped
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isZero();
        // the tables loaded before the kill may have their indexes and keys back already (they are built as each table
        // commits); every other one is recorded as dropped, the big table's certainly
        long present = CopyFixtures.count(db, "select (select count(*) from pg_index x join pg_class t on t.oid = x.indrelid"
                + " where t.relnamespace = 'public'::regnamespace and t.relname in ('users', 'trips', 'travelers', 'packing_items',"
                + " 'audit_logs') and not x.indisunique and not x.indisprimary)"
                + " + (select count(*) from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace)");
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped")).as("recorded as dropped").isEqualTo(secondary - present);
        // the indexes already back (tables committed before the kill) are kept by the re-run, not dropped and built again
        String keptIndexes = "select coalesce(sum(x.indexrelid::oid::bigint), 0) from pg_index x join pg_class t on t.oid = x.indrelid"
                + " where t.relnamespace = 'public'::regnamespace and t.relname in ('users', 'trips', 'travelers', 'audit_logs')"
                + " and not x.indisunique and not x.indisprimary";
        long keptBefore = CopyFixtures.count(db, keptIndexes);
        boolean smallTablesCommitted = CopyFixtures.count(db, "select count(*) from niknotes_copy.loaded_table where table_name <> 'packing_items'") == 4
                && CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped where table_name <> 'packing_items' and kind = 'INDEX'") == 0;
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped where table_name = 'packing_items'"
                + " and name in ('ix_test_items_trip', 'packing_items_trip_id_fkey')")).isEqualTo(2);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_indexes where indexname = 'ix_test_items_trip'")).isZero();
        // as if the interrupted run had stopped before moving sequences: the re-run must move them for every table
        CopyFixtures.count(db, "select setval(pg_get_serial_sequence('audit_logs', 'id'), 1, false)");

        Cli.Result rerun = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString(), "--json");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        JsonNode doc = json(rerun);
        assertThat(doc.get("resumed").asBoolean()).isTrue();
        for (JsonNode t : doc.get("tables")) assertThat(t.get("verification").get("matches").asBoolean()).as(t.toString()).isTrue();
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(items);
        assertThat(CopyFixtures.count(db, "select count(distinct id) from packing_items")).isEqualTo(items);
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isEqualTo(50);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_indexes where indexname = 'ix_test_items_trip'")).isEqualTo(1);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped")).isZero();
        if (smallTablesCommitted) assertThat(CopyFixtures.count(db, keptIndexes)).as("the same index objects (oids)").isEqualTo(keptBefore);
        assertThat(CopyFixtures.count(db, "select count(*) from audit_logs")).isPositive();
        assertThat(CopyFixtures.count(db, "select nextval(pg_get_serial_sequence('audit_logs', 'id')) - (select max(id) from audit_logs)")).isEqualTo(1);
    }

    @Test
    void flushCacheRemovesOnlyTheStaleTripKeys() throws Exception {
        String db = CopyFixtures.newDatabase("copy_flush");
        CopyFixtures.sampleCopy(dir, "niknotes.db");
        int redisDb = TestServers.get().ownRedisDatabase(); // exactly the keys made here
        try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1", TestServers.get().redisPort())) {
            j.auth(TestServers.REDIS_PASSWORD);
            j.select(redisDb);
            for (int i = 0; i < 1500; i++) j.set("trip:" + i, "x");
            j.set("ai_trip_mapping:abc", "y");
            j.set("ai_suggestions:keep", "z");
            Cli.Result r = CopyFixtures.cli(dir, db).env("REDIS_URL", TestServers.get().redisUrl(redisDb))
                    .run("migrate-from-sqlite", "--flush-cache", "--json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(json(r).get("cache").get("flushed_keys").asLong()).isEqualTo(1501);
            assertThat(j.exists("trip:7")).isFalse();
            assertThat(j.exists("ai_trip_mapping:abc")).isFalse();
            assertThat(j.get("ai_suggestions:keep")).isEqualTo("z");
            assertNoSecrets(r);
        }
    }

    @Test
    void skippedOrphansAreExitCodeFiveWithTheRejectFileNamed() {
        String db = CopyFixtures.newDatabase("copy_cli_orphans");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        CopyFixtures.sqlite(file, "insert into packing_items (id, trip_id, name) values ('lost', 'no-trip', 'Sock')");
        Cli.Result stop = CopyFixtures.cli(dir, db).run("migrate-from-sqlite");
        assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(stop.out()).contains("orphan").contains("lost").contains("--skip-orphans");
        Cli.Result skip = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--skip-orphans", "--reject-file", "out/rej.jsonl");
        assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(ExitCode.DATA_REJECTED.code());
        assertThat(skip.out()).contains("rej.jsonl").containsPattern("packing_items\\s+3388\\s+3387\\s+1");
        assertThat(dir.resolve("out/rej.jsonl")).exists();
        CopyOracle.of(file, db).rejects(dir.resolve("out/rej.jsonl")).assertCopied();
    }

    @Test
    void jsonIsOneDocumentAlsoWhenOrphansStopTheRunOrTheTargetIsRefused() throws Exception {
        String db = CopyFixtures.newDatabase("copy_json_fail");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        CopyFixtures.sqlite(file, "insert into travelers (id, trip_id, name, traveler_type) values ('tv', 'gone', 'Al', 'adult')");
        Cli.Result orphans = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--json");
        assertThat(orphans.exitCode()).isEqualTo(ExitCode.FAILED.code());
        JsonNode doc = new ObjectMapper().readTree(orphans.out());
        assertThat(doc.get("error").asText()).contains("1 orphan row(s)");
        assertThat(doc.get("problems").get(0).get("kind").asText()).isEqualTo("orphan");
        assertThat(doc.get("problems").get(0).get("samples").get(0).asText()).isEqualTo("tv: 'gone'");

        assertThat(CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--skip-orphans").exitCode()).isEqualTo(ExitCode.DATA_REJECTED.code());
        CopyOracle.of(file, db).rejects(dir.resolve("niknotes-rejects.jsonl")).assertCopied();
        Cli.Result refused = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--json");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILED.code());
        assertThat(new ObjectMapper().readTree(refused.out()).get("error").asText()).contains("already holds data");
        assertNoSecrets(refused);
    }

    @Test
    void aTargetWithoutTheSchemaPointsAtInit() {
        CopyFixtures.newDatabase("copy_role"); // makes sure the role exists
        TestServers.get().sql("postgres", "drop database if exists copy_noschema", "create database copy_noschema owner " + CopyFixtures.ROLE);
        CopyFixtures.sampleCopy(dir, "niknotes.db");
        Cli.Result r = CopyFixtures.cli(dir, "copy_noschema").run("migrate-from-sqlite");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(r.err()).contains("has none of the SQLite file's tables").contains("niknotes-setup init");
        assertNoSecrets(r);
    }
}
