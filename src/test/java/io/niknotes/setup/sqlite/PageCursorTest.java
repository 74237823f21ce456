package io.niknotes.setup.sqlite;

import io.niknotes.setup.support.CopyFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page reader must return exactly what SQLite itself returns through SQL, value for value (storage class and
 * value) and in the same order, for every storage class and record layout the file format has. Each test builds a file with SQLite,
 * then reads every table both ways from the same snapshot and compares.
 */
class PageCursorTest {
    @TempDir
    Path dir;

    private Path file(String name, int pageSize, String... sql) throws Exception {
        Path f = dir.resolve(name);
        List<String> statements = new ArrayList<>(List.of("pragma page_size = " + pageSize)); // before the first table
        statements.addAll(List.of(sql));
        CopyFixtures.sqlite(f, statements.toArray(String[]::new));
        return f;
    }

    /** Every table read through SQL and through the pages: the two must be identical and non-empty where rows exist. */
    private static Map<String, Integer> compareAll(Path f) {
        Map<String, Integer> rows = new java.util.LinkedHashMap<>();
        try (Snapshot s = Snapshot.open(f)) {
            assertThat(s.readsPages()).as("a rollback-journal file is read from its pages").isTrue();
            assertThat(s.checkStructure().join()).as("the structure check finds a sound file sound").isNull();
            for (SqliteTable t : s.tables().values()) {
                List<String> viaSql = readTyped(s.sqlCursor(t, t.columns()), t.columns().size(), !t.withoutRowid());
                List<String> viaPages = readTyped(s.cursor(t, t.columns()), t.columns().size(), !t.withoutRowid());
                assertThat(viaPages).as("table " + t.name()).containsExactlyElementsOf(viaSql);
                rows.put(t.name(), viaSql.size());
            }
        }
        return rows;
    }

    /** Each row as rowid and each value's text as SQLite gives it (hex). */
    private static List<String> read(Cursor cursor, int width, boolean withRowid) {
        return read(cursor, width, withRowid, (v, i) -> v.isNull(i) ? "NULL" : HexFormat.of().formatHex(v.text(i)));
    }

    /** Each row as rowid and each value's storage class and exact value (a REAL by its bits). */
    private static List<String> readTyped(Cursor cursor, int width, boolean withRowid) {
        return read(cursor, width, withRowid, (v, i) -> v.type(i) + " " + switch (v.type(i)) {
            case NULL -> "";
            case INTEGER -> Long.toString(v.integer(i));
            case REAL -> Long.toHexString(Double.doubleToRawLongBits(v.real(i)));
            case TEXT, BLOB -> HexFormat.of().formatHex(v.bytes(i));
        });
    }

    private static List<String> read(Cursor cursor, int width, boolean withRowid, java.util.function.BiFunction<Row, Integer, String> show) {
        List<String> rows = new ArrayList<>();
        Row values = new Row(width);
        try (cursor) {
            while (cursor.next(values)) {
                StringBuilder b = new StringBuilder(withRowid ? cursor.rowid() + ":" : "");
                for (int i = 0; i < width; i++) b.append(show.apply(values, i)).append('|');
                rows.add(b.toString());
            }
        }
        return rows;
    }

    @Test
    void everyStorageClassAndIntegerWidth() throws Exception {
        Path f = file("types.db", 4096,
                "create table v (a, b integer, c real, d text, e blob, f numeric, g double precision)",
                "insert into v values (null, 0, 0.0, '', x'', 1, 1)",
                "insert into v values (1, -1, 2.0, 'x', x'00ff', 2.5, 3)",
                "insert into v values (127, -128, -0.5, 'émoji ✈️ עברית', x'00', '12', -7)",
                "insert into v values (32767, -32768, 1e300, 'a' || char(0) || 'b', zeroblob(10), 1e20, 4.0)",
                "insert into v values (8388607, -8388608, 0.1, '2025-01-01 12:00:00.123456', null, null, null)",
                "insert into v values (2147483647, -2147483648, 123456789.125, 'tab\there', x'0a0d', 3, 9.99)",
                "insert into v values (140737488355327, -140737488355328, -1e-300, '1', x'5c', -0.0, 1e15)",
                "insert into v values (9223372036854775807, -9223372036854775808, 3.141592653589793, 'true', x'', 'text', 'seven')");
        assertThat(compareAll(f)).containsEntry("v", 8);
    }

    @Test
    void rowidAliasesLargeValuesOverflowPagesAndDeepTrees() throws Exception {
        Path f = file("big.db", 1024,
                "create table items (id integer primary key, name text not null, note text)",
                "create table texts (k text primary key, body text)",
                "create table empty (x)");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f)) {
            c.setAutoCommit(false);
            Random random = new Random(42);
            try (PreparedStatement ps = c.prepareStatement("insert into items (id, name, note) values (?, ?, ?)")) {
                for (int i = 1; i <= 20_000; i++) {
                    ps.setLong(1, i * 3L - (i % 7 == 0 ? 100_000 : 0)); // negative and sparse rowids too
                    ps.setString(2, "item " + i);
                    ps.setString(3, i % 5 == 0 ? null : "n".repeat(random.nextInt(40)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into texts values (?, ?)")) {
                // payload sizes around the spill threshold of a 1 KB page, and a 1 MB value across a long chain
                int[] sizes = {0, 900, 985, 986, 987, 988, 1000, 1020, 1021, 2000, 4096, 1 << 20};
                for (int s : sizes) {
                    ps.setString(1, "k" + s);
                    ps.setString(2, "ü".repeat(s / 2) + "x".repeat(s % 2));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                st.execute("delete from items where id % 11 = 0"); // freeblocks and half-empty pages
            }
            c.commit();
        }
        Map<String, Integer> rows = compareAll(f);
        assertThat(rows.get("items")).isGreaterThan(17_000);
        assertThat(rows).containsEntry("texts", 12).containsEntry("empty", 0);
    }

    @Test
    void columnsAddedLaterTakeTheirDefaultInOldRecords() throws Exception {
        Path f = file("altered.db", 65536,
                "create table t (id text primary key, a integer)",
                "insert into t values ('old', 1)",
                "alter table t add column b text default 'none'",
                "alter table t add column c integer default 7",
                "alter table t add column d real default 2",
                "alter table t add column e text",
                "insert into t values ('new', 2, 'set', 8, 1.5, 'e')");
        Path numeric = file("numeric.db", 4096, "create table n (id integer primary key)", "insert into n values (1)",
                "alter table n add column f numeric default '7.0'", "insert into n values (2, '7.5')");
        assertThat(compareAll(numeric)).containsEntry("n", 2);
        Path realText = file("realtext.db", 4096, "create table r (id integer primary key)", "insert into r values (1)",
                "alter table r add column x real default '3'", "alter table r add column y real default '-2.50'", "insert into r values (2, 1, 2)");
        assertThat(compareAll(realText)).containsEntry("r", 2);
        assertThat(compareAll(f)).containsEntry("t", 2);
        try (Snapshot s = Snapshot.open(f)) {
            SqliteTable t = s.tables().get("t");
            List<String> rows = read(s.cursor(t, List.of("b", "c", "d", "e")), 4, false);
            assertThat(rows.get(0)).isEqualTo(hex("none") + "|" + hex("7") + "|" + hex("2.0") + "|NULL|");
        }
    }

    @Test
    void withoutRowidTablesAndWalFilesAreReadThroughSql() throws Exception {
        Path f = file("wr.db", 4096,
                "create table w (k text primary key, v) without rowid",
                "insert into w values ('b', 2), ('a', 1)",
                "create table plain (x)", "insert into plain values (1)");
        assertThat(compareAll(f)).containsEntry("w", 2).containsEntry("plain", 1);
        // "INTEGER PRIMARY KEY DESC" (however spaced) is not a rowid alias: the column may hold NULL
        Path desc = file("desc.db", 4096, "create table d (id integer primary key\ndesc, description text)",
                "insert into d values (null, 'a'), (5, 'b')");
        assertThat(compareAll(desc)).containsEntry("d", 2);
        Path wal = file("wal.db", 4096, "pragma journal_mode = wal", "create table t (x)", "insert into t values (1), (2)");
        try (Snapshot s = Snapshot.open(wal)) {
            assertThat(s.readsPages()).isFalse();
            SqliteTable t = s.tables().get("t");
            assertThat(read(s.cursor(t, t.columns()), 1, true)).containsExactly("1:" + hex("1") + "|", "2:" + hex("2") + "|");
        }
    }

    @Test
    void theAppsSampleFileReadsTheSameBothWays() throws Exception {
        Path sample = dir.resolve("sample.db");
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), sample);
        Map<String, Integer> rows = compareAll(sample);
        assertThat(rows.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(0);
    }

    @Test
    void anotherProcessCannotCommitWhileThePagesAreReadAndCanAfterwards() throws Exception {
        Path f = file("locked.db", 4096, "create table t (x)", "insert into t values (1), (2)");
        try (Snapshot s = Snapshot.open(f)) {
            SqliteTable t = s.tables().get("t");
            assertThat(read(s.cursor(t, t.columns()), 1, true)).hasSize(2);
            // the read transaction's SHARED lock is held by this process (closing a descriptor would have dropped it)
            assertThat(io.niknotes.setup.support.SqliteWriter.writeFromAnotherProcess(f, "insert into t values (3)")).isEqualTo("locked");
            assertThat(read(s.cursor(t, t.columns()), 1, true)).hasSize(2);
            // a cancelled copy interrupts its readers: that must not close the file (and so drop the lock) either
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    read(s.cursor(t, t.columns()), 1, true);
                    reading.countDown();
                }
                read(s.cursor(t, t.columns()), 1, true); // reading once more with the interrupt flag set
            });
            reader.start();
            assertThat(reading.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the reader has read the table").isTrue();
            reader.interrupt(); // lands while the reader is reading, not before it started
            reader.join(10_000);
            assertThat(read(s.cursor(t, t.columns()), 1, true)).hasSize(2);
            assertThat(io.niknotes.setup.support.SqliteWriter.writeFromAnotherProcess(f, "insert into t values (3)")).isEqualTo("locked");
        }
        assertThat(io.niknotes.setup.support.SqliteWriter.writeFromAnotherProcess(f, "insert into t values (3)")).isEqualTo("written");
    }

    @Test
    void packedRowsUnpackToTheOriginalValues() {
        Row values = new Row(6);
        SqlCursor.unpack("t3:a:b-t0:t2:\u00e9i20:-9223372036854775808r3:0.1".getBytes(java.nio.charset.StandardCharsets.UTF_8), values);
        assertThat(values.string(0)).isEqualTo("a:b");
        assertThat(values.isNull(1)).isTrue();
        assertThat(values.bytes(2)).isEmpty();
        assertThat(values.string(3)).isEqualTo("é");
        assertThat(values.integer(4)).isEqualTo(Long.MIN_VALUE);
        assertThat(values.real(5)).isEqualTo(0.1);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
