package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.sqlite.SqliteSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SQLite file seen through ONE read transaction: every table is read from the same snapshot even while the
 * app writes (WAL content committed before the snapshot included). Opened read-only; the file is never modified.
 * Several loader threads share the one connection: each row is fetched under a lock, so the connection is
 * only ever used by one thread at a time (conversion and COPY run outside the lock).
 * <p>
 * Rows of a rollback-journal file are read straight from its pages ({@link PageCursor}) while the read
 * transaction's SHARED lock keeps writers out: no lock, no SQL, several times faster. WAL files, WITHOUT ROWID
 * tables and tables with generated columns are read through SQL ({@link SqlCursor}).
 */
final class SourceSnapshot implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final SqlitePages pages;
    private final Object lock = new Object();
    private static final java.util.regex.Pattern DESC_KEY = java.util.regex.Pattern.compile("primary key desc\\b");

    private SourceSnapshot(Path file, Connection connection, SqlitePages pages) {
        this.file = file;
        this.connection = connection;
        this.pages = pages;
    }

    static SourceSnapshot open(Path file) {
        SqliteSource source = new SqliteSource(file);
        source.verifyHeader();
        checkNotTruncated(file);
        Connection c = source.openReadOnly();
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from sqlite_master")) {
                rs.next(); // the read transaction, and so the snapshot, starts here
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw invalid(file, e);
        }
        try {
            return new SourceSnapshot(file, c, SqlitePages.open(file)); // opened only now: see SqlitePages on locks
        } catch (IOException e) {
            closeQuietly(c);
            throw new SetupException(ExitCode.SOURCE_INVALID, "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
        }
    }

    /** Whether rows are read from the file's pages (rollback-journal mode) rather than through SQL. */
    boolean readsPages() {
        return pages.readable();
    }

    static SetupException damaged(Path file, Exception e) {
        return new SetupException(ExitCode.SOURCE_INVALID, "reading " + file + " failed: " + SetupException.firstLine(String.valueOf(e.getMessage())),
                "the file is damaged or truncated: copy niknotes.db again from the app, or repair it with `sqlite3 niknotes.db .recover`", e);
    }

    /** The header's page count times the page size must fit in the file (a cut copy does not). */
    private static void checkNotTruncated(Path file) {
        byte[] h = new byte[100];
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(h, 0, 100);
            size = Files.size(file);
            if (n < 100) throw truncated(file, "the 100-byte header is incomplete");
        } catch (IOException e) {
            throw new SetupException(ExitCode.SOURCE_INVALID, "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        int pageSize = b.getShort(16) & 0xFFFF;
        long pageSizeBytes = pageSize == 1 ? 65536 : pageSize;
        long changeCounter = b.getInt(24) & 0xFFFFFFFFL;
        long pages = b.getInt(28) & 0xFFFFFFFFL;
        long validFor = b.getInt(92) & 0xFFFFFFFFL;
        if (pageSizeBytes < 512 || Long.bitCount(pageSizeBytes) != 1) throw truncated(file, "its header is damaged");
        if (size % pageSizeBytes != 0) throw truncated(file, "its size is not a whole number of pages");
        if (pages > 0 && validFor == changeCounter && pages * pageSizeBytes > size) {
            throw truncated(file, "the header says " + pages + " pages, the file holds " + size / pageSizeBytes);
        }
    }

    private static SetupException truncated(Path file, String why) {
        return new SetupException(ExitCode.SOURCE_INVALID, file + " is truncated or damaged: " + why,
                "copy niknotes.db again from the app (stop the app first, or copy it with `sqlite3 niknotes.db .backup copy.db`)");
    }

    static SetupException invalid(Path file, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        return new SetupException(ExitCode.SOURCE_INVALID, "reading " + file + " failed: " + msg.lines().findFirst().orElse(""),
                "the file is damaged or truncated: copy niknotes.db again from the app, or repair it with `sqlite3 niknotes.db .recover`", e);
    }

    Path file() {
        return file;
    }

    /** Size and modification time of the file and its WAL: changes when the app writes. */
    String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(file, Path.of(file + "-wal"))) {
            try {
                if (Files.exists(p)) b.append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis()).append(';');
            } catch (IOException e) {
                b.append("?;");
            }
        }
        return b.toString();
    }

    /** User tables and their columns, in name order. */
    Map<String, SourceTable> tables() {
        Map<String, SourceTable> tables = new LinkedHashMap<>();
        synchronized (lock) {
            try {
                for (String name : SqliteSource.tables(connection)) {
                    List<String> columns = new ArrayList<>();
                    Map<String, String> types = new LinkedHashMap<>();
                    try (var ps = connection.prepareStatement("select name, type from pragma_table_info(?) order by cid")) {
                        ps.setString(1, name);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                columns.add(rs.getString(1));
                                types.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
                            }
                        }
                    }
                    String sql = "";
                    int root = 0;
                    try (var ps = connection.prepareStatement("select sql, rootpage from sqlite_master where type = 'table' and name = ?")) {
                        ps.setString(1, name);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                if (rs.getString(1) != null) sql = rs.getString(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                                root = rs.getInt(2);
                            }
                        }
                    }
                    tables.put(name, new SourceTable(name, columns, types, sql, root));
                }
            } catch (SQLException e) {
                throw invalid(file, e);
            }
        }
        return tables;
    }

    /** Row count, and for each given column the largest magnitude among its numeric values (null when none). */
    Profile profile(SourceTable table, List<String> numericProbe) {
        StringBuilder sql = new StringBuilder("select count(*)");
        for (String c : numericProbe) {
            String q = Sql.ident(c);
            sql.append(", max(case when typeof(").append(q).append(") in ('integer', 'real') then abs(").append(q).append(") end)");
        }
        sql.append(" from ").append(Sql.ident(table.name()));
        synchronized (lock) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
                rs.next();
                Map<String, Double> max = new LinkedHashMap<>();
                for (int i = 0; i < numericProbe.size(); i++) {
                    double v = rs.getDouble(i + 2);
                    max.put(numericProbe.get(i), rs.wasNull() ? null : v);
                }
                return new Profile(rs.getLong(1), max);
            } catch (SQLException e) {
                throw invalid(file, e);
            }
        }
    }

    record Profile(long rows, Map<String, Double> maxAbs) {
    }

    /**
     * The distinct values of child's columns (as text) with no matching parent row, compared by SQLite as the app
     * did. When the child's key columns are plain text (TEXT affinity, no COLLATE), equal values are equal bytes, so
     * the distinct values are taken first (read from the child's index when it has one, in order) and the parent is
     * probed once per value rather than once per row; otherwise every row is probed.
     */
    List<String> missingParents(SourceTable child, ForeignKey fk) {
        String c = Sql.ident(fk.child());
        String p = Sql.ident(fk.parent());
        // TEXT affinity and no COLLATE anywhere in the table: DISTINCT compares bytes
        boolean plainText = !child.sql().contains("collate")
                && fk.childColumns().stream().allMatch(col -> affinity(child.declaredTypes().getOrDefault(col, "")) == 'T');
        StringBuilder keys = new StringBuilder();
        StringBuilder text = new StringBuilder();
        StringBuilder notNull = new StringBuilder();
        StringBuilder join = new StringBuilder();
        for (int i = 0; i < fk.childColumns().size(); i++) {
            String cc = "child_." + Sql.ident(fk.childColumns().get(i));
            String key = plainText ? "s.k" + i : cc;
            keys.append(i == 0 ? "" : ", ").append(cc).append(" as k").append(i);
            text.append(i == 0 ? "" : " || char(0) || ").append("cast(").append(key).append(" as text)");
            notNull.append(i == 0 ? "" : " and ").append(cc).append(" is not null");
            join.append(i == 0 ? "" : " and ").append("parent_.").append(Sql.ident(fk.parentColumns().get(i))).append(" = ").append(key);
        }
        String missing = "not exists (select 1 from " + p + " as parent_ where " + join + ")";
        String sql = plainText
                ? "select " + text + " from (select distinct " + keys + " from " + c + " as child_ where " + notNull + ") as s where " + missing
                : "select distinct " + text + " from " + c + " as child_ where " + notNull + " and " + missing;
        List<String> values = new ArrayList<>();
        synchronized (lock) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) values.add(rs.getString(1));
            } catch (SQLException e) {
                throw invalid(file, e);
            }
        }
        return values;
    }

    /** A target table for a SQLite table the schema lacks (--create-missing), typed from the stored values. */
    TargetTable inferTarget(SourceTable table) {
        try {
            return TypeInference.infer(connection, lock, table);
        } catch (SQLException e) {
            throw invalid(file, e);
        }
    }

    /** One table's rows, in rowid order: each value as SQLite's bytes, null for NULL. */
    interface Cursor extends AutoCloseable {
        /** Fills {@code values} with the next row; false at the end. */
        boolean next(byte[][] values);

        /** The current row's rowid, or -1 for a WITHOUT ROWID table. */
        long rowid();

        @Override
        void close();
    }

    /** Streams a table's rows: the given columns, each value as SQLite's bytes (null for NULL). */
    Cursor cursor(SourceTable table, List<String> columns) {
        PageCursor.Layout layout = pages.readable() ? pageLayout(table, columns) : null;
        return layout != null ? new PageCursor(file, pages, layout, this::realText) : sqlCursor(table, columns);
    }

    /** Where the columns sit in the table's records, or null when the table must be read through SQL. */
    private PageCursor.Layout pageLayout(SourceTable table, List<String> columns) {
        // virtual tables have no pages; "integer primary key desc" is not a rowid alias (a SQLite quirk)
        if (table.withoutRowid() || table.rootPage() < 1 || table.sql().startsWith("create virtual") || DESC_KEY.matcher(table.sql()).find()) {
            return null;
        }
        synchronized (lock) {
            try {
                Map<String, Integer> field = new LinkedHashMap<>();
                Map<String, String> defaults = new LinkedHashMap<>();
                String alias = null;
                int keys = 0;
                String keyType = null;
                String keyName = null;
                try (var ps = connection.prepareStatement("select name, type, dflt_value, pk, hidden from pragma_table_xinfo(?) order by cid")) {
                    ps.setString(1, table.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getInt(5) != 0) return null; // generated or hidden columns: records hold a different set
                            field.put(rs.getString(1), field.size());
                            defaults.put(rs.getString(1), rs.getString(3));
                            if (rs.getInt(4) > 0) {
                                keys++;
                                keyType = rs.getString(2);
                                keyName = rs.getString(1);
                            }
                        }
                    }
                }
                if (keys == 1 && "integer".equalsIgnoreCase(keyType)) alias = keyName;
                int[] fields = new int[columns.size()];
                boolean[] isAlias = new boolean[columns.size()];
                boolean[] real = new boolean[columns.size()];
                byte[][] defaultValues = new byte[columns.size()][];
                for (int i = 0; i < columns.size(); i++) {
                    Integer f = field.get(columns.get(i));
                    if (f == null) return null;
                    fields[i] = f;
                    isAlias[i] = columns.get(i).equals(alias);
                    char affinity = affinity(table.declaredTypes().getOrDefault(columns.get(i), ""));
                    real[i] = affinity == 'R';
                    String d = defaults.get(columns.get(i));
                    if (d != null) {
                        // a record written before ALTER TABLE ADD COLUMN lacks the field: SQLite reads the default,
                        // with the column's affinity applied
                        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select " + d + ", typeof(" + d + ")")) {
                            if (!rs.next()) return null;
                            String type = rs.getString(2);
                            byte[] value = rs.getBytes(1);
                            if (affinity == 'R' && "integer".equals(type)) {
                                value = realText(rs.getLong(1));
                            } else if ((affinity == 'I' || affinity == 'N') && !"integer".equals(type) && !"null".equals(type)
                                    || affinity == 'R' && "text".equals(type)) {
                                return null; // text (or real) defaults of numeric columns: let SQLite convert them
                            }
                            defaultValues[i] = value;
                        } catch (SQLException notConstant) {
                            return null;
                        }
                    }
                }
                return new PageCursor.Layout(table.rootPage(), fields, isAlias, real, defaultValues);
            } catch (SQLException e) {
                throw invalid(file, e);
            }
        }
    }

    /** A declared type's affinity by SQLite's rules (datatype3.html, 3.1): Integer, Text, Blob, Real or Numeric. */
    static char affinity(String declaredType) {
        String t = declaredType.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) return 'I';
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) return 'T';
        if (t.contains("BLOB") || t.isEmpty()) return 'B';
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) return 'R';
        return 'N';
    }

    /** SQLite's own text for a REAL value (what the driver returns for it). */
    private byte[] realText(double value) {
        synchronized (lock) {
            try (var ps = connection.prepareStatement("select cast(? as text)")) {
                ps.setDouble(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBytes(1);
                }
            } catch (SQLException e) {
                throw invalid(file, e);
            }
        }
    }

    /**
     * Rows through SQL: rowid then the given columns. SQLite packs each row into one value ({@code len:bytes} per
     * column, {@code -} for NULL), so a row costs two calls into the native library instead of one per column.
     */
    Cursor sqlCursor(SourceTable table, List<String> columns) {
        StringBuilder sql = new StringBuilder("select ").append(table.withoutRowid() ? "null" : "_rowid_").append(", ");
        if (columns.isEmpty()) sql.append("''");
        for (int i = 0; i < columns.size(); i++) {
            String q = Sql.ident(columns.get(i));
            sql.append(i == 0 ? "" : " || ").append("coalesce(octet_length(").append(q).append(") || ':' || ").append(q).append(", '-')");
        }
        sql.append(" from ").append(Sql.ident(table.name()));
        synchronized (lock) {
            try {
                Statement st = connection.createStatement();
                st.setFetchSize(1000);
                return new SqlCursor(st, st.executeQuery(sql.toString()), columns.size());
            } catch (SQLException e) {
                throw invalid(file, e);
            }
        }
    }

    private final class SqlCursor implements Cursor {
        private final Statement statement;
        private final ResultSet rs;
        private final int width;
        private long rowid;

        private SqlCursor(Statement statement, ResultSet rs, int width) {
            this.statement = statement;
            this.rs = rs;
            this.width = width;
        }

        @Override
        public boolean next(byte[][] values) {
            byte[] packed;
            synchronized (lock) {
                try {
                    if (!rs.next()) return false;
                    rowid = rs.getLong(1);
                    if (rs.wasNull()) rowid = -1;
                    packed = rs.getBytes(2);
                } catch (SQLException e) {
                    throw invalid(file, e);
                }
            }
            unpack(packed, values, width);
            return true;
        }

        @Override
        public long rowid() {
            return rowid;
        }

        @Override
        public void close() {
            synchronized (lock) {
                try {
                    rs.close();
                    statement.close();
                } catch (SQLException ignored) {
                    // closing a read cursor cannot lose anything
                }
            }
        }
    }

    /** Splits {@code len:bytes…} / {@code -} fields. */
    static void unpack(byte[] packed, byte[][] values, int width) {
        int p = 0;
        for (int i = 0; i < width; i++) {
            if (packed[p] == '-') {
                values[i] = null;
                p++;
                continue;
            }
            int len = 0;
            while (packed[p] != ':') len = len * 10 + (packed[p++] - '0');
            p++;
            values[i] = java.util.Arrays.copyOfRange(packed, p, p + len);
            p += len;
        }
        if (p != packed.length) throw new IllegalStateException("row packing mismatch: " + p + " of " + packed.length + " bytes");
    }

    @Override
    public void close() {
        synchronized (lock) {
            try {
                connection.rollback(); // a read transaction: ends the snapshot, changes nothing
            } catch (SQLException ignored) {
                // nothing was written
            }
            closeQuietly(connection);
            try {
                pages.close(); // only after the connection: closing it earlier would drop SQLite's lock
            } catch (IOException ignored) {
                // a read-only channel
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // read-only connection
        }
    }
}
