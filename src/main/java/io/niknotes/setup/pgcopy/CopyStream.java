package io.niknotes.setup.pgcopy;

import org.postgresql.copy.CopyIn;

import java.sql.SQLException;

/**
 * The transport: rows encoded by a {@link RowFormat} into a buffer and streamed through pgjdbc's {@link CopyIn} in
 * 256 KB chunks, so memory does not grow with the table (only with the largest single row). Returns the count the
 * server reports; {@link #close} cancels a COPY that did not finish, so a failure never leaves the connection locked.
 */
public final class CopyStream implements AutoCloseable {
    private static final int CHUNK = 256 * 1024;
    private final CopyIn op;
    private final RowFormat format;
    private byte[] buf = new byte[CHUNK + 1024];
    private int pos;

    CopyStream(CopyIn op, RowFormat format) {
        this.op = op;
        this.format = format;
        pos = format.header(buf);
    }

    /** The format's name, as in the COPY statement ({@code text} or {@code binary}). */
    public String format() {
        return format.name();
    }

    public void write(CopyRow row) throws SQLException {
        int need = format.room(row);
        if (pos + need > buf.length) {
            flush();
            if (need > buf.length) buf = new byte[need + 1024];
        }
        pos = format.row(row, buf, pos);
        if (pos >= CHUNK) flush();
        if (buf.length > 4 * CHUNK && pos == 0) buf = new byte[CHUNK + 1024];
    }

    private void flush() throws SQLException {
        if (pos > 0) op.writeToCopy(buf, 0, pos);
        pos = 0;
    }

    /** Ends the COPY; returns the rows PostgreSQL says it loaded. */
    public long finish() throws SQLException {
        if (pos + 2 > buf.length) flush();
        pos = format.trailer(buf, pos);
        flush();
        return op.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (op.isActive()) op.cancelCopy();
    }
}
