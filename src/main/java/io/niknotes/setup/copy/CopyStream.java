package io.niknotes.setup.copy;

import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format, streamed through pgjdbc's {@link CopyIn} in 256 KB chunks: memory does
 * not grow with the table (only with the largest single value). Backslash, tab, newline and carriage return are
 * escaped on the UTF-8 bytes (they never occur inside a multi-byte sequence). A failure cancels the COPY so the
 * connection is never left locked.
 */
final class CopyStream implements AutoCloseable {
    private static final int CHUNK = 256 * 1024;
    private final CopyIn op;
    private byte[] buf = new byte[CHUNK + 1024];
    private int pos;

    CopyStream(CopyManager manager, String table, List<String> columns, boolean freeze) throws SQLException {
        StringBuilder sql = new StringBuilder("COPY ").append(Sql.ident(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) sql.append(i == 0 ? "" : ", ").append(Sql.ident(columns.get(i)));
        sql.append(") FROM STDIN WITH (FORMAT text").append(freeze ? ", FREEZE true" : "").append(')');
        this.op = manager.copyIn(sql.toString());
    }

    void row(byte[][] values) throws SQLException {
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
        flush();
        return op.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (op.isActive()) op.cancelCopy();
    }
}
