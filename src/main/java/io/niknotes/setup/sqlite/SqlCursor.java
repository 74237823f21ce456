package io.niknotes.setup.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Rows through SQL: rowid then the given columns. SQLite packs each row into one value (per column the first
 * letter of its storage class, then {@code len:text}; {@code -} for NULL), so a row costs two calls into the
 * native library instead of one per column. A REAL's text is SQLite's own ({@link RealText}), which reads back as
 * the same double. Each row is fetched under the snapshot's lock; unpacking runs outside it.
 */
final class SqlCursor implements Cursor {
    private final Statement statement;
    private final ResultSet rs;
    private final Object lock;
    private final Path file;
    private long rowid;

    private SqlCursor(Statement statement, ResultSet rs, Object lock, Path file) {
        this.statement = statement;
        this.rs = rs;
        this.lock = lock;
        this.file = file;
    }

    /** The caller holds {@code lock}. */
    static SqlCursor open(Connection connection, Object lock, Path file, SqliteTable table, List<String> columns) throws SQLException {
        StringBuilder sql = new StringBuilder("select ").append(table.withoutRowid() ? "null" : "_rowid_").append(", ");
        if (columns.isEmpty()) sql.append("''");
        for (int i = 0; i < columns.size(); i++) {
            String q = SqliteSource.quote(columns.get(i));
            sql.append(i == 0 ? "" : " || ").append("coalesce(substr(typeof(").append(q).append("), 1, 1) || octet_length(").append(q)
                    .append(") || ':' || ").append(q).append(", '-')");
        }
        sql.append(" from ").append(SqliteSource.quote(table.name()));
        Statement st = connection.createStatement();
        try {
            st.setFetchSize(1000);
            return new SqlCursor(st, st.executeQuery(sql.toString()), lock, file);
        } catch (SQLException e) {
            st.close();
            throw e;
        }
    }

    @Override
    public boolean next(Row values) {
        byte[] packed;
        synchronized (lock) {
            try {
                if (!rs.next()) return false;
                rowid = rs.getLong(1);
                if (rs.wasNull()) rowid = -1;
                packed = rs.getBytes(2);
            } catch (SQLException e) {
                throw FileIntegrity.invalid(file, e);
            }
        }
        unpack(packed, values);
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

    /** Splits {@code Xlen:bytes…} / {@code -} fields into {@code values}. */
    static void unpack(byte[] packed, Row values) {
        int p = 0;
        for (int i = 0; i < values.width(); i++) {
            byte type = packed[p++];
            if (type == '-') {
                values.setNull(i);
                continue;
            }
            int len = 0;
            while (packed[p] != ':') len = len * 10 + (packed[p++] - '0');
            p++;
            switch (type) {
                case 'i' -> values.setInteger(i, integer(packed, p, len));
                case 'r' -> values.setReal(i, real(new String(packed, p, len, StandardCharsets.US_ASCII)));
                case 't' -> values.setBytes(i, StorageClass.TEXT, Arrays.copyOfRange(packed, p, p + len));
                case 'b' -> values.setBytes(i, StorageClass.BLOB, Arrays.copyOfRange(packed, p, p + len));
                default -> throw new IllegalStateException("row packing: storage class '" + (char) type + "'");
            }
            p += len;
        }
        if (p != packed.length) throw new IllegalStateException("row packing mismatch: " + p + " of " + packed.length + " bytes");
    }

    /** SQLite's text of a REAL back to the double ({@code Inf} is not Java's spelling). */
    private static double real(String text) {
        return switch (text) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** A decimal integer as SQLite writes it (accumulated negatively: Long.MIN_VALUE fits). */
    private static long integer(byte[] b, int at, int len) {
        boolean negative = b[at] == '-';
        long v = 0;
        for (int k = negative ? at + 1 : at; k < at + len; k++) v = v * 10 - (b[k] - '0');
        return negative ? v : -v;
    }
}
