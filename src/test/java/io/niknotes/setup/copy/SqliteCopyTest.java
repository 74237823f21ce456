package io.niknotes.setup.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.CopyOracle;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine through its API (as `init --from-sqlite` will call it), on files full of traps. */
class SqliteCopyTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    private CopyRequest request(Path file, String db) {
        return CopyRequest.defaults(file, DatabaseUrl.parse(CopyFixtures.appUrl(db), "test"), dir.resolve("rejects.jsonl"))
                .withConnectTimeout(Duration.ofSeconds(10)).withJobs(2);
    }

    /** Runs the copy; then, unless it appended or only looked, the independent oracle compares every row with the file. */
    private static CopyReport run(CopyRequest request) {
        CopyReport report = new SqliteCopy(CopyListener.NONE).run(request);
        for (TableResult t : report.tables()) {
            assertThat(t.read()).as(t.toString()).isEqualTo(t.loaded() + t.rejected());
            if (t.verification() != null) assertThat(t.verification().matches()).as(t.toString()).isTrue();
        }
        if (request.mode() != TargetMode.APPEND && !request.dryRun()) {
            CopyOracle.of(request.source(), request.target().database()).rejects(request.rejectFile())
                    .fixText(request.fixText().toString())
                    .skipped(report.tables().stream().filter(t -> t.status() == TableResult.Status.SKIPPED).map(TableResult::table).toList())
                    .assertCopied();
        }
        return report;
    }

    private static TableResult table(CopyReport r, String name) {
        return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }

    private List<JsonNode> rejects() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("rejects.jsonl"))) lines.add(new ObjectMapper().readTree(l));
        return lines;
    }

    private static String one(String db, String sql) throws Exception {
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void typedColumnsTakeTextFormsAndRejectWhatTheyCannotHold() throws Exception {
        String db = CopyFixtures.newDatabase("copy_typed");
        Path file = CopyFixtures.sampleCopy(dir, "typed.db");
        CopyFixtures.sqlite(file,
                "insert into users (id, username, email) values ('u-typed', 'typed', 'typed@example.org')",
                "insert into trips (id, user_id, destination, start_date, end_date, is_template, duration, travel_style) values"
                        + " ('t-true', 'u-typed', 'Oslo', '2025-01-01', '2025-01-02', 'true', '2', 'LEISURE'),"
                        + " ('t-f', 'u-typed', 'Rome', '2025-01-01', '2025-01-02', 'f', 3.0, 'BUSINESS'),"
                        + " ('t-space', 'u-typed', 'Moon', '2025-01-01', '2025-01-02', 0, 1, 'SPACE'),"
                        + " ('t-2x', 'u-typed', 'Bonn', '2025-01-01', '2025-01-02', 0, '2x', 'LEISURE'),"
                        + " ('t-bool', 'u-typed', 'Kyiv', '2025-01-01', '2025-01-02', 'yes', 1, 'LEISURE')");
        CopyReport r = run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.DATA_REJECTED);
        assertThat(table(r, "trips").rejected()).isEqualTo(3);
        assertThat(one(db, "select is_template::text || ' ' || duration from trips where id = 't-true'")).isEqualTo("true 2");
        assertThat(one(db, "select is_template::text || ' ' || duration from trips where id = 't-f'")).isEqualTo("false 3");
        List<JsonNode> rejects = rejects();
        assertThat(rejects).hasSize(3);
        assertThat(rejects.toString()).contains("\"key\":\"t-space\"").contains("\"column\":\"travel_style\"").contains("\"raw\":\"SPACE\"")
                .contains("not a label of enum travelstyle")
                .contains("\"raw\":\"2x\"").contains("not an integer").contains("\"raw\":\"yes\"").contains("not a boolean");
        assertThat(rejects.get(0).get("table").asText()).isEqualTo("trips");
        assertThat(rejects.get(0).get("rowid").asLong()).isPositive();
    }

    @Test
    void everyTimestampFormIsReadExactlyToTheMicrosecond() throws Exception {
        String db = CopyFixtures.newDatabase("copy_ts");
        Path file = CopyFixtures.sampleCopy(dir, "ts.db");
        CopyFixtures.sqlite(file,
                // created_at: text forms; last_login: epoch seconds (with a fraction); travelers.created_at: epoch millis
                "insert into users (id, username, email, created_at, last_login) values"
                        + " ('ts-1', 'ts1', 'ts1@x', '2024-09-29 09:26:36.505125', 1700000000),"
                        + " ('ts-2', 'ts2', 'ts2@x', '2024-01-02T03:04:05Z', 1700000000.25),"
                        + " ('ts-3', 'ts3', 'ts3@x', '2024-01-02T03:04:05.5+02:00', null),"
                        + " ('ts-4', 'ts4', 'ts4@x', '2024-01-02', null),"
                        + " ('ts-5', 'ts5', 'ts5@x', '2024-01-02T03:04:05-0530', null),"
                        + " ('ts-6', 'ts6', 'ts6@x', '2024-01-02 03:04', null),"
                        + " ('ts-7', 'ts7', 'ts7@x', 'yesterday', null),"
                        + " ('ts-8', 'ts8', 'ts8@x', null, 1700000000123)",
                "insert into trips (id, user_id, destination, start_date, end_date) values ('ts-trip', 'ts-1', 'Lima', '2025-01-01', '2025-01-02')",
                "insert into travelers (id, trip_id, name, traveler_type, created_at) values"
                        + " ('ts-tr', 'ts-trip', 'Ana', 'adult', 1700000000123)");
        CopyReport r = run(request(file, db));
        assertThat(table(r, "users").rejected()).isEqualTo(2);
        assertThat(rejects()).extracting(l -> l.get("key").asText()).containsExactlyInAnyOrder("ts-7", "ts-8");
        assertThat(rejects().toString()).contains("epoch millis in a column of epoch seconds");
        assertThat(r.notes()).anyMatch(n -> n.contains("users.last_login") && n.contains("epoch seconds"))
                .anyMatch(n -> n.contains("travelers.created_at") && n.contains("epoch millis"));
        assertThat(one(db, "select created_at::text || '|' || last_login::text from users where id = 'ts-1'"))
                .isEqualTo("2024-09-29 09:26:36.505125|2023-11-14 22:13:20");
        assertThat(one(db, "select created_at::text || '|' || last_login::text from users where id = 'ts-2'"))
                .isEqualTo("2024-01-02 03:04:05|2023-11-14 22:13:20.25");
        assertThat(one(db, "select created_at::text from users where id = 'ts-3'")).isEqualTo("2024-01-02 01:04:05.5");
        assertThat(one(db, "select created_at::text from users where id = 'ts-4'")).isEqualTo("2024-01-02 00:00:00");
        assertThat(one(db, "select created_at::text from users where id = 'ts-5'")).isEqualTo("2024-01-02 08:34:05");
        assertThat(one(db, "select created_at::text from users where id = 'ts-6'")).isEqualTo("2024-01-02 03:04:00");
        assertThat(one(db, "select created_at::text from travelers where id = 'ts-tr'")).isEqualTo("2023-11-14 22:13:20.123");
    }

    @Test
    void nulAndInvalidUtf8AreRejectedUnlessFixedAndEveryFixIsCounted() throws Exception {
        Path file = CopyFixtures.sampleCopy(dir, "text.db");
        CopyFixtures.sqlite(file,
                "update packing_items set notes = 'a' || char(0) || 'b' where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'",
                "update packing_items set notes = cast(x'41ff42' as text) where id = '85dc0a68-cdb5-4088-b54e-64f4f5ee8c72'");
        String db = CopyFixtures.newDatabase("copy_text_reject");
        CopyReport rejected = run(request(file, db));
        assertThat(table(rejected, "packing_items").rejected()).isEqualTo(2);
        assertThat(rejected.exitCode()).isEqualTo(ExitCode.DATA_REJECTED);
        List<JsonNode> lines = rejects();
        JsonNode nul = lines.stream().filter(l -> l.get("reason").asText().startsWith("NUL")).findFirst().orElseThrow();
        assertThat(nul.get("raw").asText()).isEqualTo("a\u0000b");
        JsonNode bad = lines.stream().filter(l -> l.get("reason").asText().startsWith("invalid UTF-8")).findFirst().orElseThrow();
        assertThat(bad.get("raw_hex").asText()).isEqualTo("41ff42");
        assertThat(bad.get("column").asText()).isEqualTo("notes");

        // the runs below reject nothing and so write no reject file: the first run's must not speak for them
        Files.delete(dir.resolve("rejects.jsonl"));
        String strip = CopyFixtures.newDatabase("copy_text_strip");
        CopyReport stripped = run(request(file, strip).withFixText(FixText.STRIP));
        assertThat(stripped.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(table(stripped, "packing_items").fixedValues()).isEqualTo(2);
        assertThat(one(strip, "select notes from packing_items where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'")).isEqualTo("ab");
        assertThat(one(strip, "select notes from packing_items where id = '85dc0a68-cdb5-4088-b54e-64f4f5ee8c72'")).isEqualTo("AB");

        String replace = CopyFixtures.newDatabase("copy_text_replace");
        CopyReport replaced = run(request(file, replace).withFixText(FixText.REPLACE));
        assertThat(table(replaced, "packing_items").fixedValues()).isEqualTo(2);
        assertThat(one(replace, "select notes from packing_items where id = '85dc0a68-cdb5-4088-b54e-64f4f5ee8c72'")).isEqualTo("A\uFFFDB");
    }

    @Test
    void bigTextEmojiRightToLeftAndCopyEscapesSurviveExactly() throws Exception {
        String db = CopyFixtures.newDatabase("copy_bigtext");
        Path file = CopyFixtures.sampleCopy(dir, "big.db");
        StringBuilder big = new StringBuilder();
        while (big.length() < 1_048_576) big.append("line\twith tab\\backslash\r\nand \\N not null ");
        String mb = big.substring(0, 1_048_576);
        String rtl = "🧳 حقيبة سفر ✈️ עברית 👨‍👩‍👧";
        CopyFixtures.sqliteBytes(file, "update packing_items set notes = ?, name = ? where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'", mb, rtl);
        CopyReport r = run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(one(db, "select notes from packing_items where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'")).isEqualTo(mb);
        assertThat(one(db, "select name from packing_items where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'")).isEqualTo(rtl);
        assertThat(one(db, "select md5(notes) from packing_items where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'"))
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(mb.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void orphansStopTheRunBeforeWritingUnlessSkipped() throws Exception {
        Path file = CopyFixtures.sampleCopy(dir, "orphans.db");
        String tripsOfGhost = "insert into trips (id, user_id, destination, start_date, end_date) values ('ghost-trip', 'ghost-user', 'Nowhere', '2025-01-01', '2025-01-02')";
        CopyFixtures.sqlite(file, tripsOfGhost,
                "insert into packing_items (id, trip_id, name) values ('item-of-ghost', 'ghost-trip', 'Map'), ('item-lost', 'no-such-trip', 'Sock')",
                "insert into travelers (id, trip_id, name, traveler_type) values ('trav-of-ghost', 'ghost-trip', 'Bo', 'adult')");
        String db = CopyFixtures.newDatabase("copy_orphans");
        CopyReport stop = new SqliteCopy(CopyListener.NONE).run(request(file, db));
        assertThat(stop.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(stop.failure()).contains("4 orphan row(s)").contains("nothing was written");
        assertThat(stop.problems()).noneMatch(p -> p.kind() == Problem.Kind.VALUE);
        Problem items = stop.problems().stream().filter(p -> p.table().equals("packing_items")).findFirst().orElseThrow();
        assertThat(items.count()).isEqualTo(2);
        assertThat(items.samples()).anyMatch(s -> s.startsWith("item-of-ghost")).anyMatch(s -> s.startsWith("item-lost"));
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isZero();

        CopyReport skip = run(request(file, db).withSkipOrphans(true));
        assertThat(skip.exitCode()).isEqualTo(ExitCode.DATA_REJECTED);
        assertThat(table(skip, "trips").rejected()).isEqualTo(1);
        assertThat(table(skip, "packing_items").rejected()).isEqualTo(2);
        assertThat(table(skip, "travelers").rejected()).isEqualTo(1);
        assertThat(rejects()).hasSize(4).allMatch(l -> l.get("reason").asText().startsWith("orphan"));
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
    }

    @Test
    void aRejectedParentMakesItsChildrenOrphansAndTheReportSaysWhy() {
        Path file = CopyFixtures.sampleCopy(dir, "parent.db");
        CopyFixtures.sqlite(file, "update trips set travel_style = 'SPACE' where id = '59001ac9-4063-49bc-a5b0-0a2d35d14880'");
        String db = CopyFixtures.newDatabase("copy_parent");
        CopyReport stop = new SqliteCopy(CopyListener.NONE).run(request(file, db));
        assertThat(stop.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(stop.problems()).anyMatch(p -> p.kind() == Problem.Kind.VALUE && p.column().equals("travel_style"))
                .anyMatch(p -> p.kind() == Problem.Kind.ORPHAN && p.table().equals("packing_items"));
        CopyReport skip = run(request(file, db).withSkipOrphans(true));
        long items = CopyFixtures.countSqlite(file, "select count(*) from packing_items where trip_id = '59001ac9-4063-49bc-a5b0-0a2d35d14880'");
        assertThat(items).isPositive();
        assertThat(table(skip, "packing_items").rejected()).isEqualTo(items);
        assertThat(table(skip, "trips").rejected()).isEqualTo(1);
        assertThat(skip.problems().stream().filter(p -> p.kind() == Problem.Kind.VALUE).count()).isEqualTo(1);
    }

    @Test
    void unknownTablesAreSkippedOrCreatedWithQuotedNames() throws Exception {
        Path file = CopyFixtures.sampleCopy(dir, "unknown.db");
        CopyFixtures.sqlite(file,
                "create table \"order items\" (\"select\" integer, \"weird \"\"name\" text, price real, flag boolean, data blob)",
                "insert into \"order items\" values (1, 'a', 1.5, 1, x'00ff'), (2, null, 2.0, 0, null)",
                "create table empty_one (x text)",
                "delete from audit_logs");
        String skipDb = CopyFixtures.newDatabase("copy_unknown_skip");
        CopyReport skipped = run(request(file, skipDb));
        assertThat(skipped.exitCode()).isEqualTo(ExitCode.DATA_REJECTED);
        assertThat(table(skipped, "order items").status()).isEqualTo(TableResult.Status.SKIPPED);
        assertThat(skipped.problems()).anyMatch(p -> p.kind() == Problem.Kind.UNKNOWN_TABLE && p.table().equals("order items") && p.count() == 2);
        assertThat(table(skipped, "audit_logs").read()).isZero();
        assertThat(table(skipped, "users").loaded()).isEqualTo(50);

        String createDb = CopyFixtures.newDatabase("copy_unknown_create");
        CopyReport created = run(request(file, createDb).withCreateMissing(true));
        assertThat(created.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(table(created, "order items").loaded()).isEqualTo(2);
        assertThat(table(created, "empty_one").read()).isZero();
        assertThat(one(createDb, "select string_agg(\"select\"::text || ':' || coalesce(\"weird \"\"name\", '-') || ':' || price::text"
                + " || ':' || flag::text || ':' || coalesce(encode(data, 'hex'), '-'), ',' order by \"select\") from \"order items\""))
                .isEqualTo("1:a:1.5:true:00ff,2:-:2.0:false:-");
        assertThat(one(createDb, "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = '\"order items\"'::regclass"
                + " and attname = 'select'")).isEqualTo("bigint");
    }

    @Test
    void sourceFileIsNeverModifiedEvenInWalModeWithUncheckpointedWrites() throws Exception {
        Path file = CopyFixtures.sampleCopy(dir, "wal.db");
        // a writer in WAL mode keeps its last commit in the -wal file: the copy must see it and change nothing
        try (Connection w = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = w.createStatement()) {
            st.execute("pragma journal_mode = wal");
            st.execute("pragma wal_autocheckpoint = 0");
            st.execute("insert into users (id, username, email) values ('wal-user', 'wal', 'wal@x')");
            String db = CopyFixtures.newDatabase("copy_wal");
            String main = CopyFixtures.sha256(file);
            String wal = CopyFixtures.sha256(Path.of(file + "-wal"));
            CopyReport r = run(request(file, db));
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(table(r, "users").loaded()).isEqualTo(51);
            assertThat(CopyFixtures.sha256(file)).isEqualTo(main);
            assertThat(CopyFixtures.sha256(Path.of(file + "-wal"))).isEqualTo(wal);
        }
    }

    @Test
    void resumeKeepsCommittedTablesReloadsTheRestAndDoesNotDuplicateRejects() throws Exception {
        String db = CopyFixtures.newDatabase("copy_resume");
        Path file = CopyFixtures.sampleCopy(dir, "resume.db");
        CopyFixtures.sqlite(file, "update packing_items set quantity = 'many' where rowid = 3",
                "update audit_logs set \"timestamp\" = 'soon' where rowid = 4");
        CopyReport first = run(request(file, db));
        assertThat(first.rejected()).as(first.toString()).isEqualTo(2);
        // what a kill during packing_items' COPY leaves: the run unfinished, packing_items rolled back, the FKs dropped
        TestServers.get().sql(db, "update niknotes_copy.run set status = 'loading'",
                "delete from niknotes_copy.loaded_table where table_name = 'packing_items'",
                "alter table packing_items drop constraint packing_items_trip_id_fkey",
                "insert into niknotes_copy.dropped select 'FOREIGN_KEY', 'packing_items', 'packing_items_trip_id_fkey',"
                        + " 'FOREIGN KEY (trip_id) REFERENCES trips(id) ON DELETE CASCADE'",
                "truncate packing_items",
                // audit_logs kept as a run that was stopped before its ANALYZE would leave it: no statistics
                "delete from pg_statistic where starelid = 'audit_logs'::regclass",
                "update pg_class set reltuples = -1 where oid = 'audit_logs'::regclass");
        CopyReport second = run(request(file, db));
        assertThat(second.resumed()).isTrue();
        assertThat(table(second, "audit_logs").status()).isEqualTo(TableResult.Status.RESUMED);
        assertThat(table(second, "audit_logs").rejected()).isEqualTo(1);
        assertThat(table(second, "packing_items").status()).isEqualTo(TableResult.Status.COPIED);
        assertThat(table(second, "packing_items").loaded()).isEqualTo(3386);
        assertThat(rejects()).hasSize(2).extracting(l -> l.get("table").asText()).containsExactlyInAnyOrder("audit_logs", "packing_items");
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.run where status = 'done'")).isEqualTo(1);
        // every table analyzed: the one loaded again (inside its load's transaction) and the one kept (after its builds)
        for (TableResult t : second.tables()) {
            assertThat(CopyFixtures.count(db, "select count(*) from pg_stats where schemaname = 'public' and tablename = '" + t.table() + "'"))
                    .as(t.table() + " has statistics").isPositive();
            assertThat(CopyFixtures.count(db, "select reltuples::bigint from pg_class where oid = 'public." + t.table() + "'::regclass"))
                    .as(t.table() + "'s row estimate").isEqualTo(CopyFixtures.count(db, "select count(*) from public." + t.table()));
        }
    }

    @Test
    void appendAddsRowsAndVerifiesTheSumOfBeforeAndLoaded() throws Exception {
        String db = CopyFixtures.newDatabase("copy_append");
        Path first = CopyFixtures.sampleCopy(dir, "first.db");
        run(request(first, db));
        Path more = CopyFixtures.sampleCopy(dir, "more.db");
        CopyFixtures.sqlite(more, "delete from packing_items", "delete from travelers", "delete from trips", "delete from users",
                "update audit_logs set id = id + 100000");
        CopyReport refused = null;
        try {
            refused = new SqliteCopy(CopyListener.NONE).run(request(more, db));
        } catch (io.niknotes.setup.SetupException e) {
            assertThat(e.getMessage()).contains("already holds data");
        }
        assertThat(refused).isNull();
        CopyReport appended = run(request(more, db).withMode(TargetMode.APPEND));
        assertThat(appended.exitCode()).isEqualTo(ExitCode.OK);
        TableResult audit = table(appended, "audit_logs");
        assertThat(audit.loaded()).isEqualTo(265);
        assertThat(audit.verification().expectedRows()).isEqualTo(530);
        assertThat(audit.verification().matches()).isTrue();
        assertThat(CopyFixtures.count(db, "select count(*) from audit_logs")).isEqualTo(530);
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isEqualTo(50);
        assertThat(CopyFixtures.count(db, "select nextval(pg_get_serial_sequence('audit_logs', 'id'))")).isGreaterThan(100265);
    }

    @Test
    void aTargetThatStoresSomethingElseIsAVerificationMismatch() throws Exception {
        String db = CopyFixtures.newDatabase("copy_mismatch");
        // a trigger that changes what COPY inserts: the content checksum must notice, the row count must not
        CopyFixtures.storeSomethingElse(db);
        Path file = CopyFixtures.sampleCopy(dir, "mismatch.db");
        CopyReport r = new SqliteCopy(CopyListener.NONE).run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.VERIFICATION_MISMATCH);
        TableResult.Verification v = table(r, "packing_items").verification();
        assertThat(v.actualRows()).isEqualTo(v.expectedRows());
        assertThat(v.actualSum()).isNotEqualTo(v.expectedSum());
        assertThat(table(r, "trips").verification().matches()).isTrue();
    }

    @Test
    void sourceColumnsTheTargetLacksAreReportedAndTheRestIsCopied() {
        String db = CopyFixtures.newDatabase("copy_extra_col");
        Path file = CopyFixtures.sampleCopy(dir, "extra.db");
        CopyFixtures.sqlite(file, "alter table users add column nickname text", "update users set nickname = 'nick'");
        CopyReport r = run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.DATA_REJECTED);
        assertThat(r.problems()).anyMatch(p -> p.kind() == Problem.Kind.UNKNOWN_COLUMN && p.column().equals("nickname"));
        assertThat(table(r, "users").loaded()).isEqualTo(50);
    }

    @Test
    void aDuplicatePrimaryKeyFailsItsTableWhichHoldsNoRowAndTheOtherTablesLoadWithTheirKeys() throws Exception {
        String db = CopyFixtures.newDatabase("copy_dup_pk");
        Path file = CopyFixtures.sampleCopy(dir, "dup.db");
        // SQLite only holds a duplicate key in a table created without the constraint
        CopyFixtures.sqlite(file, "create table audit_copy as select * from audit_logs",
                "insert into audit_copy select * from audit_logs where id = (select min(id) from audit_logs)",
                "insert into audit_copy select * from audit_logs where id = (select min(id) from audit_logs)",
                "drop table audit_logs", "alter table audit_copy rename to audit_logs");
        long dupId = CopyFixtures.countSqlite(file, "select id from audit_logs group by id having count(*) > 1");
        CopyReport r = new SqliteCopy(CopyListener.NONE).run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        TableResult audit = table(r, "audit_logs");
        assertThat(audit.status()).isEqualTo(TableResult.Status.FAILED);
        // keys are built once after the COPY, inside the table's transaction: the build finds the duplicate
        assertThat(audit.detail()).contains("audit_logs_pkey", "Key (id)=(" + dupId + ") is duplicated", "Nothing of audit_logs was loaded");
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where conname = 'audit_logs_pkey' and contype = 'p'")).isEqualTo(1);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_indexes where indexname in ('users_pkey', 'ix_users_username', 'ix_users_email',"
                + " 'trips_pkey', 'travelers_pkey', 'packing_items_pkey')")).isEqualTo(6);
        assertThat(r.failure()).contains("audit_logs");
        assertThat(CopyFixtures.count(db, "select count(*) from audit_logs")).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.loaded_table where table_name = 'audit_logs'")).isZero();
        for (String t : List.of("users", "trips", "travelers", "packing_items")) {
            assertThat(table(r, t).status()).as(t).isEqualTo(TableResult.Status.COPIED);
            assertThat(CopyFixtures.count(db, "select count(*) from " + t)).as(t)
                    .isEqualTo(CopyFixtures.countSqlite(file, "select count(*) from " + t)).isPositive();
        }
        // every primary key and unique index is in place
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'p'"
                + " and conrelid::regclass::text in ('users', 'trips', 'travelers', 'packing_items', 'audit_logs')"))
                .isEqualTo(5);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_indexes where indexname in ('ix_users_username', 'ix_users_email')")).isEqualTo(2);
        // a user row with a taken username is refused by the rebuilt unique index
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute(
                    "insert into users (id, username, email, password_hash, created_at) select 'dup-' || id, username, 'x' || email,"
                            + " password_hash, created_at from users limit 1")).hasMessageContaining("ix_users_username");
        }
    }

    @Test
    void everyTypeSentInBinaryReadsBackAsItsSqliteValue() throws Exception {
        String db = CopyFixtures.newDatabase("copy_binary");
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            st.execute("create type mood as enum ('ok', 'sad')");
            st.execute("create table kinds (id bigint primary key, s smallint, i integer, b boolean, ts timestamp, tz timestamptz, d date,"
                    + " u uuid, j json, jb jsonb, v varchar(5), ch char(3), m mood)");
            st.execute("create table money (id integer primary key, amount numeric(10,2))"); // numeric has no binary form here: text
        }
        Path file = dir.resolve("kinds.db");
        CopyFixtures.sqlite(file,
                "create table kinds (id integer primary key, s, i, b, ts, tz, d, u, j, jb, v, ch, m)",
                "insert into kinds values (-9223372036854775808, -32768, -2147483648, 0, '0001-01-01 00:00:00', '1999-12-31T23:59:59.999999Z',"
                        + " '0001-01-01', '00000000-0000-0000-0000-000000000000', '[]', '{\"a\": [1, 2]}', 'ünï', 'ab', 'ok')",
                "insert into kinds values (9223372036854775807, 32767, 2147483647, 't', '9999-12-31 23:59:59.999999', '2000-01-01 00:00:00+01:00',"
                        + " '9999-12-31', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '{\"é\": \"✈️\"}', 'null', '', 'xyz', 'sad')",
                "insert into kinds values (0, null, null, null, null, null, null, null, null, null, null, null, null)",
                "create table money (id integer primary key, amount)", "insert into money values (1, '12.50'), (2, -0.5)");
        CopyReport r = run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(table(r, "kinds").loaded()).isEqualTo(3);
        String row = "select concat_ws('|', id, s, i, b, ts, tz, d, u, j, jb, v, ch, m) from kinds where id = ";
        assertThat(one(db, row + "-9223372036854775808")).isEqualTo(
                "-9223372036854775808|-32768|-2147483648|f|0001-01-01 00:00:00|1999-12-31 23:59:59.999999+00|0001-01-01"
                        + "|00000000-0000-0000-0000-000000000000|[]|{\"a\": [1, 2]}|ünï|ab |ok");
        assertThat(one(db, row + "9223372036854775807")).isEqualTo(
                "9223372036854775807|32767|2147483647|t|9999-12-31 23:59:59.999999|1999-12-31 23:00:00+00|9999-12-31"
                        + "|ffffffff-ffff-ffff-ffff-ffffffffffff|{\"é\": \"✈️\"}|null||xyz|sad");
        assertThat(one(db, "select count(*) from kinds where id = 0 and num_nulls(s, i, b, ts, tz, d, u, j, jb, v, ch, m) = 12")).isEqualTo("1");
        assertThat(one(db, "select string_agg(amount::text, ',' order by id) from money")).isEqualTo("12.50,-0.50");
    }

    @Test
    void keysWithCommentsOrAReplicaIdentityStayInPlaceAndKeepThem() throws Exception {
        String db = CopyFixtures.newDatabase("copy_key_meta");
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            st.execute("comment on index users_pkey is 'the app looks users up by id'");
            st.execute("alter table trips replica identity using index trips_pkey");
        }
        Path file = CopyFixtures.sampleCopy(dir, "meta.db");
        CopyReport r = run(request(file, db));
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(one(db, "select obj_description('users_pkey'::regclass, 'pg_class')")).isEqualTo("the app looks users up by id");
        assertThat(one(db, "select relreplident::text from pg_class where relname = 'trips'")).isEqualTo("i");
        assertThat(one(db, "select indisreplident::text from pg_index where indexrelid = 'trips_pkey'::regclass")).isEqualTo("true");
        assertThat(CopyFixtures.count(db, "select count(*) from trips")).isEqualTo(CopyFixtures.countSqlite(file, "select count(*) from trips"));
    }
}
