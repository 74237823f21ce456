package io.niknotes.setup.copy;

import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.List;

/**
 * Rows streamed through pgjdbc's {@link CopyIn} in 256 KB chunks: memory does not grow with the table (only with the
 * largest single value). A failure cancels the COPY so the connection is never left locked.
 * <p>
 * The values arrive as the converters' PostgreSQL text. When every column's type has a binary form we know
 * ({@link CopyBinary}), they are sent in COPY's binary format, which spares the server parsing timestamps, numbers
 * and booleans again (a large share of its work); otherwise in the text format, where backslash, tab, newline and
 * carriage return are escaped on the UTF-8 bytes (they never occur inside a multi-byte sequence).
 */
final class CopyStream implements AutoCloseable {
    private static final int CHUNK = 256 * 1024;
    private final CopyIn op;
    private byte[] buf = new byte[CHUNK + 1024];
    private int pos;

    private final ColumnType.Kind[] binary;

    CopyStream(CopyManager manager, String table, List<TargetTable.Column> columns, boolean freeze) throws SQLException {
        ColumnType.Kind[] kinds = columns.stream().map(c -> c.type().kind()).toArray(ColumnType.Kind[]::new);
        this.binary = java.util.Arrays.stream(kinds).allMatch(CopyBinary::supports) ? kinds : null;
        StringBuilder sql = new StringBuilder("COPY ").append(Sql.ident(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) sql.append(i == 0 ? "" : ", ").append(Sql.ident(columns.get(i).name()));
        sql.append(") FROM STDIN WITH (FORMAT ").append(binary != null ? "binary" : "text").append(freeze ? ", FREEZE true" : "").append(')');
        this.op = manager.copyIn(sql.toString());
        if (binary != null) pos = CopyBinary.header(buf);
    }

    void row(byte[][] values) throws SQLException {
        if (binary != null) {
            binaryRow(values);
            return;
        }
        for (int i = 0; i < values.length; i++) {
            byte[] v = values[i];
            int need = (v == null ? 2 : v.length * 2) + 2;
            if (pos + need > buf.length) {
                flush();
                if (need > buf.length) buf = new byte[need + 1024];
            }
            if (i > 0) buf[pos++] = '\t';
            if (v == null) {
                buf[pos++] = '\\';
                buf[pos++] = 'N';
            } else {
                pos = escape(v, buf, pos);
            }
        }
        if (pos + 1 > buf.length) flush();
        buf[pos++] = '\n';
        if (pos >= CHUNK) flush();
        if (buf.length > 4 * CHUNK && pos == 0) buf = new byte[CHUNK + 1024];
    }

    private void binaryRow(byte[][] values) throws SQLException {
        int need = 2;
        for (byte[] v : values) need += 4 + (v == null ? 0 : Math.max(v.length + 1, 16)); // int8 and uuid can outgrow their text
        if (pos + need > buf.length) {
            flush();
            if (need > buf.length) buf = new byte[need + 1024];
        }
        pos = CopyBinary.row(values, binary, buf, pos);
        if (pos >= CHUNK) flush();
        if (buf.length > 4 * CHUNK && pos == 0) buf = new byte[CHUNK + 1024];
    }

    /** Copies {@code v} into {@code out} at {@code at}, escaping what the text format needs; returns the new end. */
    private static int escape(byte[] v, byte[] out, int at) {
        int from = 0;
        for (int i = 0; i < v.length; i++) {
            byte b = v[i];
            if (b == '\\' || (b < 14 && (b == '\n' || b == '\r' || b == '\t'))) {
                System.arraycopy(v, from, out, at, i - from);
                at += i - from;
                out[at++] = '\\';
                out[at++] = switch (b) {
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    default -> '\\';
                };
                from = i + 1;
            }
        }
        System.arraycopy(v, from, out, at, v.length - from);
        return at + v.length - from;
    }

    private void flush() throws SQLException {
        if (pos > 0) op.writeToCopy(buf, 0, pos);
        pos = 0;
    }

    /** Ends the COPY; returns the rows PostgreSQL says it loaded. */
    long finish() throws SQLException {
        if (binary != null) {
            if (pos + 2 > buf.length) flush();
            pos = CopyBinary.trailer(buf, pos);
        }
        flush();
        return op.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (op.isActive()) op.cancelCopy();
    }
}
