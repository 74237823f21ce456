package io.niknotes.setup.pgcopy;

/**
 * COPY's text format (PostgreSQL docs, "COPY, Text Format"): fields separated by tabs, rows ended by a newline,
 * {@code \N} for NULL; backslash, tab, newline and carriage return escaped on the UTF-8 bytes (they never occur
 * inside a multi-byte sequence). Longs are written as their decimal digits.
 */
final class CopyText implements RowFormat {
    @Override
    public String name() {
        return "text";
    }

    @Override
    public int header(byte[] out) {
        return 0;
    }

    @Override
    public int room(CopyRow row) {
        int need = 1;
        for (int i = 0; i < row.width(); i++) need += 2 * Math.max(row.textLength(i), 1) + 1;
        return need;
    }

    @Override
    public int row(CopyRow row, byte[] out, int p) {
        for (int i = 0; i < row.width(); i++) {
            if (i > 0) out[p++] = '\t';
            if (row.isNull(i)) {
                out[p++] = '\\';
                out[p++] = 'N';
            } else if (row.isLong(i)) {
                p = row.writeText(i, out, p);
            } else {
                p = escape(row.text(i), out, p);
            }
        }
        out[p++] = '\n';
        return p;
    }

    @Override
    public int trailer(byte[] out, int p) {
        return p;
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
}
